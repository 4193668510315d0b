import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { MigrationFailedError, SchemaTooNewError } from '../errors.js';
import { sharedSchema } from './migrations/0001-shared-schema.js';

/**
 * Every PostgreSQL migration, in order; names are stable forever, and like the SQLite ones each
 * holds fixed SQL of its own time.
 */
export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001-shared-schema': sharedSchema,
};

/**
 * Brings the schema to the latest version under the same rules as SQLite: a schema that recorded
 * migrations this code does not know is refused untouched (`SchemaTooNewError`); a failing
 * migration is `MigrationFailedError` and leaves nothing behind, because Kysely runs all pending
 * PostgreSQL migrations in one transaction (transactional DDL) — the recovery the SQLite backend
 * gets from its pre-migration copy. Concurrent instances serialise on Kysely's advisory lock.
 */
export async function migratePostgres(
  db: Kysely<unknown>,
  migrations: Readonly<Record<string, Migration>> = postgresMigrations,
): Promise<string[]> {
  const known = Object.keys(migrations);
  const { rows: tables } = await sql<{ found: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL AS found
  `.execute(db);
  const applied = tables[0]?.found
    ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows
    : [];
  const unknown = applied.map((r) => r.name).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationFailedError(failed, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
