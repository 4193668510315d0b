import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import {
  type BenchTable,
  createFixture,
  inProcessKysely,
  openExecutor,
  openInProcess,
  percentile,
} from './fixture.js';

const DURATION_MS = 3_000;
/** An aggregate over 10 × 100k rows: over 200 ms on this class of machine (printed as longQueryMs). */
const LONG_QUERY = sql<{ grp: number }>`
  SELECT item.grp, count(*) AS n, sum(item.amount * k.v) AS total, avg(length(item.name)) AS len
  FROM item, (WITH RECURSIVE r(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM r WHERE v < 10) SELECT v FROM r) AS k
  GROUP BY item.grp ORDER BY total DESC`;

export interface IsolationResult {
  longQueryMs: number;
  longQueries: number;
  pointReads: number;
  pointReadP99Ms: number;
  eventLoopDelayP99Ms: number;
}

async function measure(db: Kysely<BenchTable>): Promise<IsolationResult> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  let longQueries = 0;
  let longTotal = 0;
  const deadline = performance.now() + DURATION_MS;
  histogram.enable();
  const longLoop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await LONG_QUERY.execute(db);
      longTotal += performance.now() - t;
      longQueries++;
      // Back to back, but as separate macrotasks (as requests would be), so timers and I/O get a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const pointLoop = async () => {
    let id = 1;
    while (performance.now() < deadline) {
      const t = performance.now();
      await db.selectFrom('item').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
      latencies.push(performance.now() - t);
      id = (id * 48271) % 100_000 || 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  await Promise.all([longLoop(), pointLoop(), pointLoop(), pointLoop(), pointLoop()]);
  histogram.disable();
  latencies.sort((a, b) => a - b);
  return {
    longQueryMs: longTotal / Math.max(1, longQueries),
    longQueries,
    pointReads: latencies.length,
    pointReadP99Ms: percentile(latencies, 99),
    eventLoopDelayP99Ms: histogram.percentile(99) / 1e6,
  };
}

export async function benchIsolation(): Promise<{ executor: IsolationResult; inProcess: IsolationResult }> {
  const fixture = createFixture(true);
  try {
    const raw = openInProcess(fixture.path, true);
    const local = inProcessKysely(raw);
    const inProcess = await measure(local);
    await local.destroy();
    const { pool, db } = await openExecutor(fixture.path, true);
    const executor = await measure(db);
    await pool.close();
    return { executor, inProcess };
  } finally {
    fixture.cleanup();
  }
}
