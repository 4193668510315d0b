import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CofferSqliteError,
  createSqlitePool,
  QueryAbortedError,
  SqliteError,
  type SqlitePool,
} from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

async function openWithRows(rows: number, readers = 1) {
  pool = createSqlitePool({ threads: 2 });
  const db = await pool.open({ path: join(tempDir(), 'ops.db'), encryption: { passphrase: 'pw' }, readers });
  await db.exec(`
    CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE INDEX item_name ON item (name);
  `);
  if (rows > 0) {
    await db.batch(
      'INSERT INTO item (id, name) VALUES (?, ?)',
      Array.from({ length: rows }, (_, i) => [i + 1, `item-${i + 1}`]),
    );
  }
  return db;
}

describe('operations beyond one statement', () => {
  it('runs a batch in one transaction and reports its counters', async () => {
    const db = await openWithRows(0);
    const result = await db.batch(
      'INSERT INTO item (name) VALUES (?)',
      Array.from({ length: 10_000 }, (_, i) => [`n${i}`]),
    );
    expect(result).toEqual({ changes: 10_000, lastInsertRowid: 10_000 });
    expect((await db.query('SELECT count(*) AS n FROM item')).rows).toEqual([{ n: 10_000 }]);
  });

  it('runs batches of empty parameter sets and rejects sets of the wrong length atomically', async () => {
    const db = await openWithRows(0);
    await db.exec('CREATE TABLE tick (id INTEGER PRIMARY KEY, note TEXT DEFAULT NULL)');
    expect(await db.batch('INSERT INTO tick DEFAULT VALUES', [[], [], []])).toEqual({
      changes: 3,
      lastInsertRowid: 3,
    });
    const error = await db
      .batch('INSERT INTO tick (note) VALUES (?)', [['a'], ['b', 'extra']])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CofferSqliteError);
    expect((await db.query('SELECT count(*) AS n FROM tick')).rows).toEqual([{ n: 3 }]);
  });

  it('rolls back the whole batch when one parameter set fails', async () => {
    const db = await openWithRows(3);
    const error = await db
      .batch('INSERT INTO item (name) VALUES (?)', [['fresh-1'], ['item-2'], ['fresh-2']])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqliteError);
    expect((error as SqliteError).sqliteCode).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect((await db.query('SELECT count(*) AS n FROM item')).rows).toEqual([{ n: 3 }]);
  });

  it('checkpoints the WAL into the database file', async () => {
    const db = await openWithRows(500);
    await expect(db.checkpoint()).resolves.toBeUndefined();
    expect((await db.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
  });

  it('streams chunks of the requested size', async () => {
    const db = await openWithRows(1_050);
    const sizes: number[] = [];
    for await (const chunk of db.stream('SELECT id FROM item ORDER BY id', [], { chunkSize: 100 })) {
      sizes.push(chunk.length);
    }
    expect(sizes).toEqual([...Array.from({ length: 10 }, () => 100), 50]);
  });

  it('frees the reader when a stream is cancelled early', async () => {
    const db = await openWithRows(5_000, 1);
    let chunks = 0;
    for await (const chunk of db.stream<{ id: number }>('SELECT id FROM item ORDER BY id', [], {
      chunkSize: 10,
    })) {
      expect(chunk).toHaveLength(10);
      if (++chunks === 3) break;
    }
    // With one reader, a second stream can only start if the first one gave its reader back.
    const next = db.stream<{ id: number }>('SELECT id FROM item WHERE id > ?', [4_990], { chunkSize: 100 });
    const first = await next.next();
    expect(first.value).toHaveLength(10);
    await next.return?.();
    expect((await db.query('SELECT count(*) AS n FROM item')).rows).toEqual([{ n: 5_000 }]);
  });

  it('stops a stream when its AbortSignal fires and gives the reader back', async () => {
    const db = await openWithRows(1_000, 1);
    const controller = new AbortController();
    const seen: number[] = [];
    const consume = async () => {
      for await (const chunk of db.stream('SELECT id FROM item', [], {
        chunkSize: 100,
        signal: controller.signal,
      })) {
        seen.push(chunk.length);
        if (seen.length === 2) controller.abort(new Error('enough'));
      }
    };
    await expect(consume()).rejects.toBeInstanceOf(QueryAbortedError);
    expect(seen).toEqual([100, 100]);
    const again: number[] = [];
    for await (const chunk of db.stream('SELECT id FROM item', [], { chunkSize: 500 }))
      again.push(chunk.length);
    expect(again).toEqual([500, 500]);
  });

  it('routes a read-looking statement that writes to the writer', async () => {
    const db = await openWithRows(2);
    await db.query("WITH x(n) AS (SELECT 'cte-insert') INSERT INTO item (name) SELECT n FROM x");
    expect((await db.query('SELECT count(*) AS n FROM item')).rows).toEqual([{ n: 3 }]);
  });

  it('returns rows and counters from a write with RETURNING', async () => {
    const db = await openWithRows(0);
    const result = await db.query('INSERT INTO item (name) VALUES (?), (?) RETURNING id', ['a', 'b']);
    expect(result).toEqual({
      rows: [{ id: 1 }, { id: 2 }],
      changes: 2,
      lastInsertRowid: 2,
      reader: true,
    });
  });
});
