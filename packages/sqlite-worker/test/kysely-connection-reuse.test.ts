import { join } from 'node:path';
import { type Generated, Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool, SqliteWorkerDialect } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

interface DB {
  note: { id: Generated<number>; body: string };
}

const tempDir = useTempDirs();
const pools: SqlitePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

async function open(path: string): Promise<Kysely<DB>> {
  const pool = createSqlitePool({ threads: 2 });
  pools.push(pool);
  const database = await pool.open({ path, encryption: { passphrase: 'pw' }, readers: 2 });
  return new Kysely<DB>({ dialect: new SqliteWorkerDialect({ database }) });
}

describe('SqliteWorkerDialect connections', () => {
  it('runs queries after committed and failed transactions in autocommit, not inside a leftover transaction', async () => {
    const path = join(tempDir(), 'reuse.db');
    const db = await open(path);
    await db.schema
      .createTable('note')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ body: 'committed' }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ body: 'rolled back' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // Many concurrent callers: released connections (including those that carried the
    // transactions above) are handed out again.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db
          .insertInto('note')
          .values({ body: `n${i}` })
          .execute(),
      ),
    );
    const reads = await Promise.all(
      Array.from({ length: 200 }, () => db.selectFrom('note').select('id').execute()),
    );
    expect(reads.every((rows) => rows.length === 201)).toBe(true);

    // Another pool sees every autocommit write: none is held in an open transaction.
    const other = await open(path);
    const bodies = await other.selectFrom('note').select('body').orderBy('id').execute();
    expect(bodies).toHaveLength(201);
    expect(bodies[0]).toEqual({ body: 'committed' });
    expect(bodies.some((row) => row.body === 'rolled back')).toBe(false);
  });

  it('resolves reads and writes with the result shape Kysely expects', async () => {
    const db = await open(join(tempDir(), 'shape.db'));
    await db.schema
      .createTable('note')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    const inserted = await db.insertInto('note').values({ body: 'a' }).executeTakeFirstOrThrow();
    expect(inserted).toEqual({ insertId: 1n, numInsertedOrUpdatedRows: 1n });
    const deleted = await db.deleteFrom('note').where('id', '=', 2).executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(0n);
    expect(await db.selectFrom('note').selectAll().execute()).toEqual([{ id: 1, body: 'a' }]);
  });
});
