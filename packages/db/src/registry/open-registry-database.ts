import { type SqliteDatabase, type SqlitePool, SqliteWorkerDialect } from '@coffer/sqlite-worker';
import { Kysely } from 'kysely';
import { MigrationFailedError } from '../errors.js';
import type { DataDir } from '../files/data-dir.js';
import { exists, restoreDatabaseFile } from '../files/file-ops.js';
import { createPrivateFile } from '../files/private-files.js';
import { migrateDatabase } from '../migrations/migrate-database.js';
import { globalMigrations } from './registry-migrations.js';
import type { GlobalDatabase } from './registry-schema.js';

/** Opens (creating if needed) and migrates the plain global database. */
export async function openGlobalDatabase(
  pool: SqlitePool,
  dataDir: DataDir,
): Promise<{ database: SqliteDatabase; db: Kysely<GlobalDatabase> }> {
  if (!(await exists(dataDir.globalDb))) await createPrivateFile(dataDir.globalDb);
  const database = await pool.open({ path: dataDir.globalDb });
  const db = new Kysely<GlobalDatabase>({ dialect: new SqliteWorkerDialect({ database }) });
  const copyPath = dataDir.globalPreMigration;
  try {
    await migrateDatabase({ db: db as Kysely<unknown>, database, migrations: globalMigrations, copyPath });
  } catch (error) {
    await database.close();
    if (error instanceof MigrationFailedError && (await exists(copyPath))) {
      await restoreDatabaseFile(copyPath, dataDir.globalDb);
    }
    throw error;
  }
  return { database, db };
}
