import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerStore, MigrationFailedError, SchemaTooNewError } from '../src/index.js';
import { migratePostgres, postgresMigrations } from '../src/postgres-only/pg-migrations.js';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../src/testing/index.js';

describe.runIf(await postgresAnswers())('PostgreSQL migrations', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('refuses a schema that recorded migrations this code does not know, touching nothing', async () => {
    database = await createTestDatabase();
    const store = await createLedgerStore({ backend: { kind: 'postgres', url: database.url, poolSize: 1 } });
    await store.close();
    await database.query(
      `INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', now()::text)`,
    );
    await expect(
      createLedgerStore({ backend: { kind: 'postgres', url: database.url, poolSize: 1 } }),
    ).rejects.toBeInstanceOf(SchemaTooNewError);
    const names = await database.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
    expect(names.map((n) => n.name)).toEqual(['0001-shared-schema', '9999-from-the-future']);
  });

  it('rolls a failing migration back whole: the schema stays as it was', async () => {
    database = await createTestDatabase();
    const db: Kysely<unknown> = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
    });
    try {
      await migratePostgres(db);
      const failing = {
        ...postgresMigrations,
        '0002-adds-then-fails': {
          async up(trx: Kysely<unknown>) {
            await sql`CREATE TABLE half_done (id int)`.execute(trx);
            await sql`SELECT 1 / 0`.execute(trx);
          },
        },
      };
      await expect(migratePostgres(db, failing)).rejects.toBeInstanceOf(MigrationFailedError);
      const leftover = await database.query<{ found: boolean }>(
        `SELECT to_regclass('half_done') IS NOT NULL AS found`,
      );
      expect(leftover).toEqual([{ found: false }]);
      const names = await database.query<{ name: string }>('SELECT name FROM kysely_migration');
      expect(names.map((n) => n.name)).toEqual(['0001-shared-schema']);
    } finally {
      await db.destroy();
    }
  });
});
