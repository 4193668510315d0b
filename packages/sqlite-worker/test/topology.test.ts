import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool } from '../src/index.js';
import { slowRead } from './long-query.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

describe('connection topology', () => {
  it('shows readers committed data only, never a transaction in progress', async () => {
    pool = createSqlitePool();
    const db = await pool.open({
      path: join(tempDir(), 't.db'),
      encryption: { passphrase: 'pw' },
      readers: 2,
    });
    await db.exec('CREATE TABLE t (v INTEGER)');
    const trx = await db.begin();
    await trx.query('INSERT INTO t (v) VALUES (1)');
    expect((await trx.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 1 }]);
    expect((await db.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0 }]);
    await trx.commit();
    expect((await db.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('holds autocommit writes back while a transaction owns the writer', async () => {
    pool = createSqlitePool();
    const db = await pool.open({ path: join(tempDir(), 'g.db') });
    await db.exec('CREATE TABLE t (v INTEGER)');
    const trx = await db.begin();
    await trx.query('INSERT INTO t (v) VALUES (1)');
    const outside = db.query('INSERT INTO t (v) VALUES (2)');
    await trx.rollback();
    await outside;
    expect((await db.query('SELECT v FROM t')).rows).toEqual([{ v: 2 }]);
  });

  it('answers short reads while a long read is running', async () => {
    pool = createSqlitePool({ threads: 2 });
    const db = await pool.open({
      path: join(tempDir(), 'l.db'),
      encryption: { passphrase: 'pw' },
      readers: 2,
    });
    await db.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (42)');
    const order: string[] = [];
    const long = db.query(slowRead()).then(() => order.push('long'));
    for (let i = 0; i < 20; i++) {
      await db.query('SELECT v FROM t');
    }
    order.push('short reads done');
    await long;
    expect(order).toEqual(['short reads done', 'long']);
  });

  it('lets the idle writer serve reads when the only reader is busy with a long read', async () => {
    pool = createSqlitePool({ threads: 2 });
    const db = await pool.open({ path: join(tempDir(), 'o.db'), readers: 1 });
    await db.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (42)');
    const order: string[] = [];
    const long = db.query(slowRead()).then(() => order.push('long'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await db.query('SELECT v FROM t')).rows).toEqual([{ v: 42 }]);
    order.push('short');
    await long;
    expect(order).toEqual(['short', 'long']);
  });

  it('hosts 200 encrypted databases on a fixed pool of 2 threads', async () => {
    pool = createSqlitePool({ threads: 2 });
    const dir = tempDir();
    const rawKey = new Uint8Array(32).fill(7);
    const databases = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pool.open({ path: join(dir, `u${i}.db`), encryption: { rawKey } }),
      ),
    );
    await Promise.all(
      databases.map((db, i) => db.exec(`CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (${i})`)),
    );
    const values = await Promise.all(databases.map((db) => db.query<{ v: number }>('SELECT v FROM t')));
    expect(values.map((r) => r.rows[0]?.v)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(pool.stats()).toMatchObject({ threads: 2, databases: 200, connections: 400 });
    await Promise.all(databases.slice(0, 100).map((db) => db.close()));
    expect(pool.stats()).toMatchObject({ threads: 2, databases: 100, connections: 200 });
  });
});
