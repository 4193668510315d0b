import {
  type SqliteDatabase,
  type SqlitePool,
  SqliteWorkerDialect,
  WrongKeyError,
} from '@coffer/sqlite-worker';
import { Kysely } from 'kysely';
import { MigrationFailedError, NotFoundError, WrongPasswordError } from '../errors.js';
import type { DataDir } from '../files/data-dir.js';
import { exists, restoreDatabaseFile } from '../files/file-ops.js';
import { migrateDatabase } from '../migrations/migrate-database.js';
import { userMigrations } from './user-migrations.js';
import type { UserDatabase } from './user-schema.js';

/** An open, migrated user database. */
export interface OpenedUserDatabase {
  database: SqliteDatabase;
  db: Kysely<UserDatabase>;
}

/** How to open one user's database. */
export interface OpenUserOptions {
  pool: SqlitePool;
  dataDir: DataDir;
  userId: string;
  password: string;
  readers: number;
  /** True only when creating the user: otherwise a missing file is an error, never a new empty ledger. */
  create?: boolean;
}

/** Opens a database with a password; `WrongPasswordError` (file untouched) if it does not fit. */
export async function openWithPassword(
  pool: SqlitePool,
  path: string,
  options: { password: string; readers: number },
): Promise<SqliteDatabase> {
  try {
    return await pool.open({ path, encryption: { passphrase: options.password }, readers: options.readers });
  } catch (error) {
    if (error instanceof WrongKeyError) throw new WrongPasswordError({ cause: error });
    throw error;
  }
}

/** True when `password` opens the database at `path` (opens and closes a connection). */
export async function passwordOpens(pool: SqlitePool, path: string, password: string): Promise<boolean> {
  try {
    const database = await openWithPassword(pool, path, { password, readers: 1 });
    await database.close();
    return true;
  } catch (error) {
    if (error instanceof WrongPasswordError) return false;
    throw error;
  }
}

/**
 * Opens a user's database and migrates it before anything else runs. If a migration fails the
 * database is closed and the pre-migration copy is put back, then `MigrationFailedError` is thrown.
 */
export async function openUserDatabase(options: OpenUserOptions): Promise<OpenedUserDatabase> {
  const path = options.dataDir.userDb(options.userId);
  if (!options.create && !(await exists(path))) throw new NotFoundError('userDatabase', options.userId);
  const database = await openWithPassword(options.pool, path, options);
  const db = new Kysely<UserDatabase>({ dialect: new SqliteWorkerDialect({ database }) });
  const copyPath = options.dataDir.preMigration(options.userId);
  try {
    await migrateDatabase({ db: db as Kysely<unknown>, database, migrations: userMigrations, copyPath });
  } catch (error) {
    await database.close();
    if (error instanceof MigrationFailedError && (await exists(copyPath))) {
      await restoreDatabaseFile(copyPath, path);
    }
    throw error;
  }
  return { database, db };
}

/**
 * Finishes a password change that a crash interrupted (see README, "Changing a password"):
 * if the password opens the main file, the change either finished (new password) or never
 * started (old password) and the copy is dropped; if it only opens the pre-rekey copy, the copy
 * is put back. Returns false when the password opens neither.
 */
export async function recoverInterruptedRekey(
  options: OpenUserOptions & { copyPath: string },
): Promise<boolean> {
  const path = options.dataDir.userDb(options.userId);
  if (await passwordOpens(options.pool, path, options.password)) return true;
  if (!(await exists(options.copyPath))) return false;
  if (!(await passwordOpens(options.pool, options.copyPath, options.password))) return false;
  await restoreDatabaseFile(options.copyPath, path);
  return true;
}
