import type { Kysely } from 'kysely';
import {
  type BenchTable,
  createFixture,
  inProcessKysely,
  openExecutor,
  openInProcess,
  ROWS,
} from './fixture.js';

export const CONCURRENCY = [1, 16, 64, 256, 1024, 4096] as const;
/** Each level alternates short slices of both peers, so slow drifts in machine load hit both alike. */
const SLICE_MS = 500;
const ROUNDS = 3;

/** Point selects per second through Kysely with `concurrency` callers looping for `durationMs`. */
export async function measure(
  db: Kysely<BenchTable>,
  concurrency: number,
  durationMs = SLICE_MS,
): Promise<number> {
  let done = 0;
  let seed = 12345;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      await db
        .selectFrom('item')
        .select(['id', 'name', 'amount'])
        .where('id', '=', (seed % ROWS) + 1)
        .executeTakeFirst();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return (done / (performance.now() - start)) * 1000;
}

export interface PointSelectResult {
  /** Median per-second throughput over the rounds. */
  executor: Record<number, number>;
  inProcess: Record<number, number>;
  /** Median of the per-round executor / in-process ratios. */
  ratio: Record<number, number>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchPointSelects(encrypted: boolean): Promise<PointSelectResult> {
  const fixture = createFixture(encrypted);
  const result: PointSelectResult = { executor: {}, inProcess: {}, ratio: {} };
  try {
    const raw = openInProcess(fixture.path, encrypted);
    const local = inProcessKysely(raw);
    const { pool, db } = await openExecutor(fixture.path, encrypted);
    await measure(db, 64, 1_000);
    await measure(local, 64, 1_000);
    for (const c of CONCURRENCY) {
      const executor: number[] = [];
      const inProcess: number[] = [];
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        inProcess.push(await measure(local, c));
        executor.push(await measure(db, c));
        ratios.push(executor[round]! / inProcess[round]!);
      }
      result.executor[c] = median(executor);
      result.inProcess[c] = median(inProcess);
      result.ratio[c] = median(ratios);
    }
    await local.destroy();
    await pool.close();
  } finally {
    fixture.cleanup();
  }
  return result;
}
