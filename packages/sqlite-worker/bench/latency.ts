/**
 * Lone-caller latency: Kysely point selects through the executor with the stay-awake window on
 * (the pool's default) and off (`stayAwakeUs: 0`), against in-process `SqliteDialect`, interleaved
 * in one process. Also p50/p99 at concurrency 1, CPU time per query (`process.cpuUsage` over a
 * slice / queries: every thread of the process, user + system), and concurrency 1 again while a
 * child process keeps one core busy (which also makes wake-ups cheap: no core is ever idle).
 *
 * Every figure is paired: each round runs one slice of every peer back to back (rotating the
 * order), and ratios are medians of per-round ratios, so a burst of load from elsewhere hits
 * both sides of a ratio. Concurrency 1 and the burner row get more rounds: they carry the targets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlitePool } from '@coffer/sqlite-worker';
import type { Kysely } from 'kysely';
import {
  type BenchTable,
  createFixture,
  inProcessKysely,
  openExecutor,
  openInProcess,
  percentile,
  ROWS,
} from './fixture.js';
import { median } from './point-selects.js';

export const LATENCY_CONCURRENCY = [1, 2, 4, 16, 64, 4096] as const;
export const PEERS = ['on', 'off', 'inProcess'] as const;
export type Peer = (typeof PEERS)[number];
/** Short slices, many rounds: the load of a shared machine comes in bursts, and paired slices see the same burst. */
const sliceMs = (concurrency: number) => (concurrency >= 64 ? 500 : 250);
const rounds = (concurrency: number) => (concurrency === 1 ? 9 : 5);

interface Slice {
  perSec: number;
  cpuUsPerQuery: number;
}

/** Point selects with `concurrency` callers for `durationMs`; per-query latencies go to `latencies` if given. */
async function slice(
  db: Kysely<BenchTable>,
  concurrency: number,
  durationMs: number,
  latencies?: number[],
): Promise<Slice> {
  let done = 0;
  let seed = 12345;
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const t = latencies === undefined ? 0 : performance.now();
      await db
        .selectFrom('item')
        .select(['id', 'name', 'amount'])
        .where('id', '=', (seed % ROWS) + 1)
        .executeTakeFirst();
      latencies?.push(performance.now() - t);
      done++;
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSec: (done / elapsed) * 1000, cpuUsPerQuery: (used.user + used.system) / done };
}

export interface LatencyLevel {
  perSec: Record<Peer, number>;
  cpuUsPerQuery: Record<Peer, number>;
  /** Medians of per-round ratios. */
  onOverInProcess: number;
  offOverInProcess: number;
  onOverOff: number;
  /** CPU per query with the window on over off, median of per-round ratios (target at c1: ≤ 1). */
  cpuOnOverOff: number;
  /** Share of the main thread's windows that ended with the answer (`stats().stayAwake`). */
  hitRate: number;
}

export interface LatencyResult {
  levels: Record<number, LatencyLevel>;
  /** Concurrency 1, all rounds pooled, microseconds. */
  c1: Record<Peer, { p50Us: number; p99Us: number }>;
  /** Concurrency 1 while a child process spins on one core. */
  burner: LatencyLevel;
}

async function level(
  dbs: Record<Peer, Kysely<BenchTable>>,
  onPool: SqlitePool,
  concurrency: number,
  latencies?: Record<Peer, number[]>,
  roundCount = rounds(concurrency),
): Promise<LatencyLevel> {
  const runs = { on: [] as Slice[], off: [] as Slice[], inProcess: [] as Slice[] };
  const ratios = {
    onOverInProcess: [] as number[],
    offOverInProcess: [] as number[],
    onOverOff: [] as number[],
    cpuOnOverOff: [] as number[],
  };
  const before = onPool.stats().stayAwake;
  for (let round = 0; round < roundCount; round++) {
    // Rotate the order so no peer always runs right after the same neighbour.
    for (let k = 0; k < PEERS.length; k++) {
      const peer = PEERS[(round + k) % PEERS.length]!;
      runs[peer].push(await slice(dbs[peer], concurrency, sliceMs(concurrency), latencies?.[peer]));
    }
    const [on, off, local] = [runs.on[round]!, runs.off[round]!, runs.inProcess[round]!];
    ratios.onOverInProcess.push(on.perSec / local.perSec);
    ratios.offOverInProcess.push(off.perSec / local.perSec);
    ratios.onOverOff.push(on.perSec / off.perSec);
    ratios.cpuOnOverOff.push(on.cpuUsPerQuery / off.cpuUsPerQuery);
  }
  const after = onPool.stats().stayAwake;
  const windows = after.windows - before.windows;
  const pick = (key: keyof Slice) =>
    Object.fromEntries(PEERS.map((peer) => [peer, median(runs[peer].map((r) => r[key]))])) as Record<
      Peer,
      number
    >;
  return {
    perSec: pick('perSec'),
    cpuUsPerQuery: pick('cpuUsPerQuery'),
    onOverInProcess: median(ratios.onOverInProcess),
    offOverInProcess: median(ratios.offOverInProcess),
    onOverOff: median(ratios.onOverOff),
    cpuOnOverOff: median(ratios.cpuOnOverOff),
    hitRate: windows === 0 ? 0 : (after.hits - before.hits) / windows,
  };
}

/** Starts a child Node process that spins until killed, and gives it time to get going. */
async function startBurner(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  await sleep(300);
  return child;
}

export async function benchLatency(): Promise<LatencyResult> {
  const fixture = createFixture(true);
  try {
    const raw = openInProcess(fixture.path, true);
    const on = await openExecutor(fixture.path, true, 2);
    const off = await openExecutor(fixture.path, true, 2, 0);
    const dbs: Record<Peer, Kysely<BenchTable>> = { on: on.db, off: off.db, inProcess: inProcessKysely(raw) };
    for (const peer of PEERS) await slice(dbs[peer], 64, 1_000);
    for (const peer of PEERS) await slice(dbs[peer], 1, 300);
    const latencies: Record<Peer, number[]> = { on: [], off: [], inProcess: [] };
    const levels: Record<number, LatencyLevel> = {};
    for (const c of LATENCY_CONCURRENCY) {
      levels[c] = await level(dbs, on.pool, c, c === 1 ? latencies : undefined);
    }
    const c1 = Object.fromEntries(
      PEERS.map((peer) => {
        const sorted = latencies[peer].sort((a, b) => a - b);
        return [peer, { p50Us: percentile(sorted, 50) * 1000, p99Us: percentile(sorted, 99) * 1000 }];
      }),
    ) as LatencyResult['c1'];
    const burnerProcess = await startBurner();
    let burner: LatencyLevel;
    try {
      // One round to let the back-off settle to the busy core before measuring.
      await level(dbs, on.pool, 1, undefined, 1);
      burner = await level(dbs, on.pool, 1);
    } finally {
      burnerProcess.kill();
    }
    await dbs.inProcess.destroy();
    await on.pool.close();
    await off.pool.close();
    return { levels, c1, burner };
  } finally {
    fixture.cleanup();
  }
}
