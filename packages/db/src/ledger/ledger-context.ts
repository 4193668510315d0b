import type { SqliteDatabase } from '@coffer/sqlite-worker';
import type { Kysely } from 'kysely';
import type { UserDatabase } from '../user-database/user-schema.js';

/**
 * What every repository of one handle gets: the user's database (query builder and raw executor)
 * behind a lock check, and a hook to call after each committed write so listeners hear about it.
 */
export interface LedgerContext {
  /** The Kysely instance; throws `LedgerLockedError` once the handle is locked. */
  readonly db: Kysely<UserDatabase>;
  /** The raw executor (for `batch`); throws `LedgerLockedError` once the handle is locked. */
  readonly database: SqliteDatabase;
  /** Call after every committed write: reads the change log and notifies listeners. */
  committed(): void;
}
