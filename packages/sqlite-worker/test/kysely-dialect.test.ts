import { join } from 'node:path';
import { type Generated, Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, SqliteError, type SqlitePool, SqliteWorkerDialect } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

interface DB {
  person: { id: Generated<number>; name: string; age: number };
}

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

async function setup(): Promise<Kysely<DB>> {
  pool = createSqlitePool({ threads: 2 });
  const database = await pool.open({
    path: join(tempDir(), 'k.db'),
    encryption: { passphrase: 'pw' },
    readers: 2,
  });
  const db = new Kysely<DB>({ dialect: new SqliteWorkerDialect({ database }) });
  await db.schema
    .createTable('person')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('age', 'integer', (c) => c.notNull())
    .execute();
  return db;
}

describe('SqliteWorkerDialect', () => {
  it('reports insertId and numAffectedRows, and supports returning', async () => {
    const db = await setup();
    const inserted = await db.insertInto('person').values({ name: 'ann', age: 30 }).executeTakeFirstOrThrow();
    expect(inserted.insertId).toBe(1n);
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n);
    const returned = await db
      .insertInto('person')
      .values({ name: 'bob', age: 40 })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    expect(returned).toEqual({ id: 2, name: 'bob' });
    const updated = await db
      .updateTable('person')
      .set({ age: 41 })
      .where('age', '>', 35)
      .executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
    const rows = await db.selectFrom('person').select(['name', 'age']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'ann', age: 30 },
      { name: 'bob', age: 41 },
    ]);
  });

  it('rolls a transaction back when its callback throws', async () => {
    const db = await setup();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('person').values({ name: 'ghost', age: 1 }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.selectFrom('person').selectAll().execute()).toEqual([]);
  });

  it('serializes concurrent transactions so read-modify-write never loses an update', async () => {
    const db = await setup();
    await db.insertInto('person').values({ name: 'counter', age: 0 }).execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('person')
            .select('age')
            .where('name', '=', 'counter')
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('person')
            .set({ age: row.age + 1 })
            .where('name', '=', 'counter')
            .execute();
        }),
      ),
    );
    const row = await db
      .selectFrom('person')
      .select('age')
      .where('name', '=', 'counter')
      .executeTakeFirstOrThrow();
    expect(row.age).toBe(20);
  });

  it('keeps the extended SQLite code on constraint violations', async () => {
    const db = await setup();
    await db.insertInto('person').values({ name: 'dup', age: 1 }).execute();
    const error = await db
      .insertInto('person')
      .values({ name: 'dup', age: 2 })
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqliteError);
    expect((error as SqliteError).sqliteCode).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect((error as SqliteError).code).toBe('COFFER_SQLITE_ERROR');
  });

  it('streams in chunks and stops early without holding the reader', async () => {
    const db = await setup();
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
      INSERT INTO person (name, age) SELECT 'p' || i, i FROM n`.execute(db);
    let seen = 0;
    for await (const row of db.selectFrom('person').select('age').orderBy('id').stream(50)) {
      seen++;
      if (row.age === 120) break;
    }
    expect(seen).toBe(120);
    const all: number[] = [];
    for await (const row of db.selectFrom('person').select('age').stream(100)) all.push(row.age);
    expect(all).toHaveLength(1000);
  });

  it('streams inside a transaction from the writer, seeing its own uncommitted rows', async () => {
    const db = await setup();
    const ages = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('person')
        .values([
          { name: 'a', age: 1 },
          { name: 'b', age: 2 },
          { name: 'c', age: 3 },
        ])
        .execute();
      const seen: number[] = [];
      for await (const row of trx.selectFrom('person').select('age').orderBy('age').stream(2))
        seen.push(row.age);
      return seen;
    });
    expect(ages).toEqual([1, 2, 3]);
  });

  it('supports savepoints inside a controlled transaction', async () => {
    const db = await setup();
    const trx = await db.startTransaction().execute();
    await trx.insertInto('person').values({ name: 'kept', age: 1 }).execute();
    const sp = await trx.savepoint('sp1').execute();
    await sp.insertInto('person').values({ name: 'dropped', age: 2 }).execute();
    await sp.rollbackToSavepoint('sp1').execute();
    await trx.commit().execute();
    const names = await db.selectFrom('person').select('name').execute();
    expect(names).toEqual([{ name: 'kept' }]);
  });
});
