import { rm } from 'node:fs/promises';
import type { SqliteDatabase } from '@coffer/sqlite-worker';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { MigrationFailedError, SchemaTooNewError } from '../errors.js';
import { createPrivateFile } from '../files/private-files.js';

/** What {@link migrateDatabase} needs. */
export interface MigrateOptions {
  db: Kysely<unknown>;
  database: SqliteDatabase;
  migrations: Readonly<Record<string, Migration>>;
  /** Where to copy an existing database before migrating it. */
  copyPath: string;
}

async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Brings a database to the latest schema, before anything else touches it:
 * refuses a database that recorded migrations this code does not know (`SchemaTooNewError`),
 * copies an existing database to `copyPath` (encrypted like the original) before running pending
 * migrations, and throws `MigrationFailedError` if one fails — the caller then closes the
 * database and restores the copy (see `openMigrated`). Returns the migrations it applied.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<string[]> {
  const known = Object.keys(options.migrations);
  const applied = await appliedMigrations(options.db);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length === 0) return [];
  if (applied.length > 0) {
    await createPrivateFile(options.copyPath);
    await options.database.backup(options.copyPath);
  }
  const migrator = new Migrator({
    db: options.db,
    provider: { getMigrations: async () => ({ ...options.migrations }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationFailedError(failed, { cause: error });
  }
  await rm(options.copyPath, { force: true });
  return pending;
}
