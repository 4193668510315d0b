import { join } from 'node:path';
import { Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool, SqliteWorkerDialect } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

async function open(): Promise<Kysely<Record<string, never>>> {
  pool = createSqlitePool({ threads: 2 });
  const database = await pool.open({ path: join(tempDir(), 'x.db'), readers: 2 });
  return new Kysely({ dialect: new SqliteWorkerDialect({ database }) });
}

describe('SqliteWorkerDialect connections', () => {
  it('runs concurrent migrateToLatest calls one after the other, applying each migration once', async () => {
    const db = await open();
    let runs = 0;
    const m1: Migration = {
      async up(db) {
        runs++;
        // Yield between statements, as a real migration does, so an unlocked peer would interleave.
        await db.schema.createTable('m1').addColumn('id', 'integer').execute();
        await sql`insert into m1 (id) values (1)`.execute(db);
      },
    };
    const migrator = () => new Migrator({ db, provider: { getMigrations: async () => ({ m1 }) } });
    const results = await Promise.all(Array.from({ length: 5 }, () => migrator().migrateToLatest()));
    for (const result of results) expect(result.error).toBeUndefined();
    expect(runs).toBe(1);
    expect(results.flatMap((r) => r.results ?? []).map((r) => r.status)).toEqual(['Success']);
    expect((await sql<{ n: number }>`select count(*) as n from m1`.execute(db)).rows).toEqual([{ n: 1 }]);
  });

  it('sees a temporary table created earlier in the same db.connection() callback', async () => {
    const db = await open();
    const rows = await db.connection().execute(async (conn) => {
      await sql`create temp table scratch (v integer)`.execute(conn);
      await sql`insert into scratch (v) values (1), (2)`.execute(conn);
      return (await sql<{ v: number }>`select v from scratch order by v`.execute(conn)).rows;
    });
    expect(rows).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('keeps other transactions out while a db.connection() callback holds the writer', async () => {
    const db = await open();
    await sql`create table log (step text)`.execute(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const session = db.connection().execute(async (conn) => {
      await sql`insert into log (step) values ('session 1')`.execute(conn);
      await sql`insert into log (step) values ('session 2')`.execute(conn);
      entered();
      await held;
      await sql`insert into log (step) values ('session 3')`.execute(conn);
    });
    await inside;
    const other = db
      .transaction()
      .execute((trx) => sql`insert into log (step) values ('other')`.execute(trx));
    // Give the transaction every chance to cut in before the session ends.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([session, other]);
    const steps = (await sql<{ step: string }>`select step from log order by rowid`.execute(db)).rows;
    expect(steps.map((s) => s.step)).toEqual(['session 1', 'session 2', 'session 3', 'other']);
  });

  it('runs a transaction inside db.connection() on the same reserved writer', async () => {
    const db = await open();
    const seen = await db.connection().execute(async (conn) => {
      await sql`create temp table t (v integer)`.execute(conn);
      await conn.transaction().execute((trx) => sql`insert into t (v) values (5)`.execute(trx));
      return (await sql<{ v: number }>`select v from t`.execute(conn)).rows;
    });
    expect(seen).toEqual([{ v: 5 }]);
  });
});
