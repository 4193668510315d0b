import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSqlitePool,
  type SqliteDatabase,
  SqliteError,
  type SqlitePool,
  SqliteWorkerDialect,
} from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

async function open(): Promise<{ database: SqliteDatabase; db: Kysely<Record<string, never>> }> {
  pool = createSqlitePool({ threads: 2 });
  const database = await pool.open({ path: join(tempDir(), 's.db'), readers: 1 });
  return { database, db: new Kysely({ dialect: new SqliteWorkerDialect({ database }) }) };
}

/** A named async function of this file: its frame must show in the error's stack. */
async function failingCaller(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe("errors keep the caller's stack", () => {
  it('appends the awaiting caller to a failing Kysely query, outside and inside a transaction', async () => {
    const { db } = await open();
    const outside = await failingCaller(() => sql`select * from missing_table`.execute(db));
    expect(outside).toBeInstanceOf(SqliteError);
    expect(outside.stack).toContain('failingCaller');
    expect(outside.stack).toContain('error-caller-stack.test.ts');
    const inside = await failingCaller(() =>
      db.transaction().execute((trx) => sql`insert into missing_table values (1)`.execute(trx)),
    );
    expect(inside).toBeInstanceOf(SqliteError);
    expect(inside.stack).toContain('failingCaller');
  });

  it('appends the awaiting caller to a failing plain query, keeping the worker stack as cause', async () => {
    const { database } = await open();
    const error = await failingCaller(() => database.query('select * from missing_table'));
    expect(error.stack).toContain('failingCaller');
    expect((error.cause as Error).message).toContain('no such table');
  });
});
