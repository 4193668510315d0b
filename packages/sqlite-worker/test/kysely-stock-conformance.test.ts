import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { type CompiledQuery, type Generated, Kysely, type QueryResult, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool, SqliteWorkerDialect } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

interface DB {
  item: { id: Generated<number>; name: string; data: Uint8Array | null };
}

const tempDir = useTempDirs();
let pool: SqlitePool | undefined;
let stock: Kysely<DB> | undefined;
afterEach(async () => {
  await stock?.destroy();
  await pool?.close();
  stock = undefined;
  pool = undefined;
});

/** The same schema behind Kysely's stock `SqliteDialect` (in process) and behind the worker dialect. */
async function bothDialects(options: { blobs?: 'buffer' | 'uint8array' } = {}): Promise<{
  stock: Kysely<DB>;
  worker: Kysely<DB>;
}> {
  const dir = tempDir();
  stock = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(join(dir, 'stock.db')) }) });
  pool = createSqlitePool({ threads: 2 });
  const database = await pool.open({ path: join(dir, 'worker.db'), readers: 1, ...options });
  const worker = new Kysely<DB>({ dialect: new SqliteWorkerDialect({ database }) });
  for (const db of [stock, worker]) {
    await db.schema
      .createTable('item')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('data', 'blob')
      .execute();
  }
  return { stock, worker };
}

/** Runs one step on both dialects and returns both raw Kysely results. */
async function onBoth(
  dbs: { stock: Kysely<DB>; worker: Kysely<DB> },
  step: (db: Kysely<DB>) => CompiledQuery,
): Promise<[QueryResult<unknown>, QueryResult<unknown>]> {
  return [await dbs.stock.executeQuery(step(dbs.stock)), await dbs.worker.executeQuery(step(dbs.worker))];
}

describe("SqliteWorkerDialect conforms to Kysely's SqliteDialect", () => {
  it('returns exactly what the stock dialect returns, statement by statement', async () => {
    const dbs = await bothDialects();
    const blob = new Uint8Array([0, 1, 2, 255]);
    const steps: ((db: Kysely<DB>) => CompiledQuery)[] = [
      () => sql`select 1 as x`.compile(dbs.stock),
      (db) => db.insertInto('item').values({ name: 'a', data: blob }).compile(),
      (db) => db.insertInto('item').values({ name: 'b', data: null }).returning(['id', 'name']).compile(),
      () => sql`insert into item (name) values ('c') returning id`.compile(dbs.stock),
      () => sql`insert into item (name) values ('d')`.compile(dbs.stock),
      (db) => db.updateTable('item').set({ name: 'bb' }).where('name', '=', 'b').compile(),
      (db) => db.updateTable('item').set({ name: 'cc' }).where('name', '=', 'c').returning('id').compile(),
      (db) => db.deleteFrom('item').where('name', '=', 'd').compile(),
      (db) => db.selectFrom('item').selectAll().orderBy('id').compile(),
      () => sql`pragma user_version`.compile(dbs.stock),
      () => sql`create index item_name on item (name)`.compile(dbs.stock),
      (db) => db.selectFrom('item').select('data').where('id', '=', 1).compile(),
    ];
    for (const step of steps) {
      const [expected, actual] = await onBoth(dbs, step);
      expect(actual, step(dbs.stock).sql).toEqual(expected);
    }
  });

  it('gives raw reads no write counters, and writes with RETURNING only rows', async () => {
    const { worker } = await bothDialects();
    const read = await sql`select 1 as x`.execute(worker);
    expect(read).toEqual({ rows: [{ x: 1 }] });
    expect(read.numAffectedRows).toBeUndefined();
    expect(read.insertId).toBeUndefined();
    const returning = await sql`insert into item (name) values ('r') returning id`.execute(worker);
    expect(returning).toEqual({ rows: [{ id: 1 }] });
    const write = await sql`insert into item (name) values ('w')`.execute(worker);
    expect(write).toEqual({ rows: [], numAffectedRows: 1n, insertId: 2n });
  });

  it('returns BLOBs as Buffers unless the database was opened with blobs: uint8array', async () => {
    const { worker } = await bothDialects();
    await worker
      .insertInto('item')
      .values({ name: 'x', data: new Uint8Array([7, 8]) })
      .execute();
    const row = await worker.selectFrom('item').select('data').executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(row.data)).toBe(true);
    expect([...(row.data as Buffer)]).toEqual([7, 8]);
    const inTransaction = await worker
      .transaction()
      .execute((trx) => trx.selectFrom('item').select('data').executeTakeFirstOrThrow());
    expect(Buffer.isBuffer(inTransaction.data)).toBe(true);
    await stock?.destroy();
    await pool?.close();

    const plain = await bothDialects({ blobs: 'uint8array' });
    await plain.worker
      .insertInto('item')
      .values({ name: 'x', data: new Uint8Array([7, 8]) })
      .execute();
    const raw = await plain.worker.selectFrom('item').select('data').executeTakeFirstOrThrow();
    expect(raw.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(raw.data)).toBe(false);
  });

  it('logs begin, commit and rollback through Kysely’s log option, as the stock dialect does', async () => {
    const dir = tempDir();
    pool = createSqlitePool({ threads: 1 });
    const database = await pool.open({ path: join(dir, 'log.db') });
    const logged: string[] = [];
    const db = new Kysely<DB>({
      dialect: new SqliteWorkerDialect({ database }),
      log: (event) => {
        if (event.level === 'query') logged.push(event.query.sql);
      },
    });
    await db.transaction().execute((trx) => sql`select 1`.execute(trx));
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`select 2`.execute(trx);
        throw new Error('undo');
      })
      .catch(() => {});
    expect(logged).toEqual([
      'begin immediate',
      'select 1',
      'commit',
      'begin immediate',
      'select 2',
      'rollback',
    ]);
  });
});
