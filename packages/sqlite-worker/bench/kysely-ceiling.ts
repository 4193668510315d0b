import { createFixture, openExecutor } from './fixture.js';
import { measure, median } from './point-selects.js';
import { zeroCostKysely } from './zero-cost-driver.js';

const LEVELS = [64, 4096] as const;
const ROUNDS = 3;

export interface CeilingResult {
  /** Executor (encrypted) point selects per second, median per level. */
  executor: Record<number, number>;
  /** The same Kysely query over a driver that does no work, median per level. */
  zeroCost: Record<number, number>;
}

/**
 * How much of the drop from 64 to 4096 callers is Kysely's own: the executor and a zero-cost
 * driver run the same query in interleaved slices. At 4096 callers every caller's in-flight query
 * (builder, operation nodes, compiled query, six awaiting async frames) survives young-generation
 * GCs whatever the driver does.
 */
export async function benchKyselyCeiling(): Promise<CeilingResult> {
  const fixture = createFixture(true);
  const result: CeilingResult = { executor: {}, zeroCost: {} };
  try {
    const { pool, db } = await openExecutor(fixture.path, true);
    const zero = zeroCostKysely();
    await measure(db, 64, 1_000);
    await measure(zero, 64, 1_000);
    for (const c of LEVELS) {
      const executor: number[] = [];
      const zeroCost: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        zeroCost.push(await measure(zero, c));
        executor.push(await measure(db, c));
      }
      result.executor[c] = median(executor);
      result.zeroCost[c] = median(zeroCost);
    }
    await zero.destroy();
    await pool.close();
  } finally {
    fixture.cleanup();
  }
  return result;
}
