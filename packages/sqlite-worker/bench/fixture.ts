import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSqlitePool,
  type SqliteDatabase,
  type SqlitePool,
  SqliteWorkerDialect,
} from '@coffer/sqlite-worker';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';

export const ROWS = 100_000;
export const PASSPHRASE = 'bench passphrase';

export interface BenchTable {
  item: { id: number; grp: number; name: string; amount: number };
}

/** A fresh 100k-row database file (encrypted or not) in a temp dir. */
export function createFixture(encrypted: boolean): { dir: string; path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-'));
  const path = join(dir, 'bench.db');
  const db = openInProcess(path, encrypted);
  db.exec(
    'CREATE TABLE item (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, name TEXT NOT NULL, amount INTEGER NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO item (id, grp, name, amount) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= ROWS; i++)
      insert.run(i, i % 100, `name-${i}-${'x'.repeat(i % 40)}`, (i * 7919) % 100_000);
  })();
  db.close();
  return { dir, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The in-process peer: better-sqlite3 on the main thread with the same pragmas as the executor. */
export function openInProcess(path: string, encrypted: boolean): Database.Database {
  const db = new Database(path);
  if (encrypted) {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key='${PASSPHRASE}'`);
  }
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=NORMAL');
  db.pragma('foreign_keys=ON');
  return db;
}

export function inProcessKysely(raw: Database.Database): Kysely<BenchTable> {
  return new Kysely<BenchTable>({ dialect: new SqliteDialect({ database: raw }) });
}

/** The executor peer: 2 threads, `readers` readers; `stayAwakeUs` left to the pool's default unless given. */
export async function openExecutor(
  path: string,
  encrypted: boolean,
  readers = 2,
  stayAwakeUs?: number,
  driver?: string,
): Promise<{ pool: SqlitePool; database: SqliteDatabase; db: Kysely<BenchTable> }> {
  const pool = createSqlitePool({
    threads: 2,
    maxQueuePerDatabase: 100_000,
    driver,
    ...(stayAwakeUs === undefined ? {} : { stayAwakeUs }),
  });
  const database = await pool.open({
    path,
    readers,
    ...(encrypted ? { encryption: { passphrase: PASSPHRASE } } : {}),
  });
  return { pool, database, db: new Kysely<BenchTable>({ dialect: new SqliteWorkerDialect({ database }) }) };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
