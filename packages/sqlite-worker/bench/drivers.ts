/**
 * The executor on both drivers in one run (encrypted, SQLCipher 4 format): Kysely point selects
 * and a 200k-row batch insert, slices of both drivers alternated so drifts in machine load hit
 * both alike. In-process raw loops of each binding are printed for context.
 *   pnpm --filter @coffer/sqlite-worker bench:drivers
 */
import { availableParallelism, loadavg } from 'node:os';
import SignalDatabase from '@signalapp/sqlcipher';
import { createFixture, openExecutor, openInProcess, PASSPHRASE } from './fixture.js';
import { measure, median } from './point-selects.js';

const DRIVERS = ['better-sqlite3-multiple-ciphers', '@signalapp/sqlcipher'] as const;
const LEVELS = [1, 64, 1024] as const;
const ROUNDS = 3;
/** Point-select slices are short (500 ms): more rounds, and ratios taken within a round. */
const POINT_ROUNDS = 5;
const BULK_ROWS = 200_000;
const CREATE =
  'CREATE TABLE bulk (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, name TEXT NOT NULL, amount INTEGER NOT NULL)';
const INSERT = 'INSERT INTO bulk (id, grp, name, amount) VALUES (?, ?, ?, ?)';
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
const rows = Array.from({ length: BULK_ROWS }, (_, i) => [i + 1, i % 100, `bulk-${i}`, i * 3]);

/** Per driver, the median per level; and per level, the median of the per-round ratios b / a. */
async function pointSelects(): Promise<{ perDriver: Map<string, number[]>; ratios: number[] }> {
  const fixture = createFixture(true);
  const perDriver = new Map<string, number[]>();
  const ratios: number[] = [];
  try {
    const opened = await Promise.all(
      DRIVERS.map((driver) => openExecutor(fixture.path, true, 2, undefined, driver)),
    );
    for (const { db } of opened) await measure(db, 64, 1_000);
    for (const driver of DRIVERS) perDriver.set(driver, []);
    for (const c of LEVELS) {
      const samples = DRIVERS.map(() => [] as number[]);
      for (let round = 0; round < POINT_ROUNDS; round++) {
        // Who goes first alternates: the slice right after a switch pays for waking its threads.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) samples[i]!.push(await measure(opened[i]!.db, c));
      }
      for (const [i, driver] of DRIVERS.entries()) perDriver.get(driver)!.push(median(samples[i]!));
      ratios.push(median(samples[1]!.map((b, round) => b / samples[0]![round]!)));
    }
    for (const { pool } of opened) await pool.close();
  } finally {
    fixture.cleanup();
  }
  return { perDriver, ratios };
}

async function executorBulk(driver: string): Promise<number> {
  const fixture = createFixture(true);
  try {
    const { pool, database } = await openExecutor(fixture.path, true, 1, undefined, driver);
    await database.exec(CREATE);
    const t = performance.now();
    await database.batch(INSERT, rows);
    const ms = performance.now() - t;
    await pool.close();
    return (BULK_ROWS / ms) * 1000;
  } finally {
    fixture.cleanup();
  }
}

/** The same insert loop in one transaction on the main thread, straight on each binding. */
function inProcessBulk(driver: string): number {
  const fixture = createFixture(true);
  try {
    let run: () => void;
    let close: () => void;
    if (driver === '@signalapp/sqlcipher') {
      const db = new SignalDatabase(fixture.path);
      db.pragma(`key='${PASSPHRASE}'`);
      db.exec(CREATE);
      const insert = db.prepare(INSERT, { persistent: true });
      run = db.transaction(() => {
        for (const row of rows) insert.run(row as number[]);
      });
      close = () => db.close();
    } else {
      const db = openInProcess(fixture.path, true);
      db.exec(CREATE);
      const insert = db.prepare(INSERT);
      run = db.transaction(() => {
        for (const row of rows) insert.run(row);
      });
      close = () => db.close();
    }
    const t = performance.now();
    run();
    const ms = performance.now() - t;
    close();
    return (BULK_ROWS / ms) * 1000;
  } finally {
    fixture.cleanup();
  }
}

async function main(): Promise<void> {
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  console.log(`Node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`);
  const { perDriver: points, ratios } = await pointSelects();
  const bulk = new Map<string, number[]>(DRIVERS.map((d) => [d, []]));
  const raw = new Map<string, number[]>(DRIVERS.map((d) => [d, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const driver of round % 2 === 0 ? DRIVERS : [...DRIVERS].reverse()) {
      bulk.get(driver)!.push(await executorBulk(driver));
      raw.get(driver)!.push(inProcessBulk(driver));
    }
  }
  const [a, b] = DRIVERS;
  const line = (what: string, x: number, y: number, ratio = y / x) =>
    console.log(`| ${what} | ${k(x)} | ${k(y)} | ${ratio.toFixed(2)}× |`);
  console.log(
    `\n| per second, encrypted (point selects: median of ${POINT_ROUNDS} slices, ratio = median of per-round ratios; bulk: median of ${ROUNDS}) | ${a} | ${b} | ${b} / ${a} |\n|---|---|---|---|`,
  );
  for (const [i, c] of LEVELS.entries()) {
    line(
      `Kysely point select, executor, concurrency ${c}`,
      points.get(a)![i]!,
      points.get(b)![i]!,
      ratios[i],
    );
  }
  line(`bulk insert ${k(BULK_ROWS)} rows, executor \`batch\``, median(bulk.get(a)!), median(bulk.get(b)!));
  line('same rows, raw in-process transaction loop', median(raw.get(a)!), median(raw.get(b)!));
  console.log(`load average at the end ${load()}`);
}

await main();
