/**
 * Test hook, kept out of the production surface: import it from `@coffer/sqlite-worker/testing`.
 *
 * ```ts
 * import { crashWriterThread } from '@coffer/sqlite-worker/testing';
 * await crashWriterThread(database); // in-flight calls on that thread reject with WorkerCrashedError
 * ```
 */
import { PooledDatabase } from '../main-thread/database/pooled-database.js';
import type { SqliteDatabase } from '../types.js';

/**
 * Kills the worker thread hosting `database`'s writer, as a native crash would. Every call in
 * flight on that thread rejects with `WorkerCrashedError`; the thread is respawned. Resolves once
 * the crash was detected and the replacement started (calls made after that reach it).
 */
export function crashWriterThread(database: SqliteDatabase): Promise<void> {
  if (!(database instanceof PooledDatabase)) {
    throw new TypeError('database must be a database opened by createSqlitePool().open()');
  }
  return database.crashWriterThread();
}
