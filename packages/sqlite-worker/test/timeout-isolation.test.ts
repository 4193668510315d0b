import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, QueryAbortedError, QueryTimeoutError, type SqlitePool } from '../src/index.js';
import { slowRead } from './long-query.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
let pool: SqlitePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const ROWS = 10_000;

/**
 * Two users on one pool of two threads: A's writer and B's reader share a thread (databases are
 * placed round-robin, readers on the next thread). B's runaway read times out while A's 10k-row
 * batch is queued behind it on that thread.
 */
async function userAWritesWhileUserBTimesOut(shared: SqlitePool, dir: string) {
  const a = await shared.open({
    path: join(dir, 'a.db'),
    encryption: { rawKey: randomBytes(32) },
    readers: 1,
  });
  const b = await shared.open({
    path: join(dir, 'b.db'),
    encryption: { rawKey: randomBytes(32) },
    readers: 1,
  });
  await a.exec('CREATE TABLE entry (id INTEGER PRIMARY KEY, memo TEXT NOT NULL)');
  await b.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)');
  // Same tick: B's read is sent first, so A's batch is queued right behind it wherever it runs.
  const runaway = b.query(slowRead(5_000_000), [], { timeoutMs: 100 });
  const batch = a.batch(
    'INSERT INTO entry (memo) VALUES (?)',
    Array.from({ length: ROWS }, (_, i) => [`memo ${i}`]),
  );
  const [read, write] = await Promise.allSettled([runaway, batch]);
  const count = await a.query<{ n: number }>('SELECT count(*) AS n FROM entry');
  const bStillServes = await b.query('SELECT v FROM t', [], { timeoutMs: 30_000 });
  await Promise.all([a.close(), b.close()]);
  return { read, write, rows: count.rows[0]?.n, bStillServes: bStillServes.rows };
}

describe('read timeouts are isolated from other databases', () => {
  it("user B's timed-out read never costs user A's in-flight 10k-row batch (4 of 4 runs)", async () => {
    pool = createSqlitePool({ threads: 2 });
    const runs = [];
    for (let run = 0; run < 4; run++) runs.push(await userAWritesWhileUserBTimesOut(pool, tempDir()));
    for (const { read } of runs) {
      expect(read.status).toBe('rejected');
      expect((read as PromiseRejectedResult).reason).toBeInstanceOf(QueryTimeoutError);
    }
    expect(runs.map(({ write, rows }) => ({ status: write.status, rows }))).toEqual(
      Array.from({ length: 4 }, () => ({ status: 'fulfilled', rows: ROWS })),
    );
    expect(runs.map(({ bStillServes }) => bStillServes)).toEqual(Array.from({ length: 4 }, () => [{ v: 1 }]));
    // Only the thread running the timed-out read was recycled, once per run.
    expect(pool.stats().respawns).toBe(4);
  }, 120_000);

  it("keeps user A's open transaction and stream alive when user B's read is aborted", async () => {
    pool = createSqlitePool({ threads: 2 });
    const dir = tempDir();
    const a = await pool.open({ path: join(dir, 'a.db'), readers: 1 });
    const b = await pool.open({ path: join(dir, 'b.db'), readers: 1 });
    await a.exec('CREATE TABLE entry (v INTEGER)');
    await a.batch(
      'INSERT INTO entry (v) VALUES (?)',
      Array.from({ length: 1000 }, (_, i) => [i]),
    );
    const trx = await a.begin();
    await trx.query('INSERT INTO entry (v) VALUES (-1)');
    const stream = a.stream<{ v: number }>('SELECT v FROM entry ORDER BY v', [], { chunkSize: 100 });
    const first = await stream.next();
    const controller = new AbortController();
    const aborted = b.query(slowRead(5_000_000), [], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user B left')), 50);
    await expect(aborted).rejects.toBeInstanceOf(QueryAbortedError);
    await trx.query('INSERT INTO entry (v) VALUES (-2)');
    await trx.commit();
    let streamed = first.done ? 0 : first.value.length;
    for await (const chunk of stream) streamed += chunk.length;
    expect(streamed).toBe(1000);
    expect((await a.query('SELECT count(*) AS n FROM entry')).rows).toEqual([{ n: 1002 }]);
  }, 60_000);
});
