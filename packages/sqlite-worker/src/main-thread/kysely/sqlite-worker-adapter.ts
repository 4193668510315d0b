import { type Kysely, SqliteAdapter } from 'kysely';
import { asWorkerConnection } from './sqlite-worker-connection.js';

/**
 * SQLite adapter with a real migration lock. Kysely's `SqliteAdapter` makes the lock a no-op
 * because its driver has one connection that the migrator holds exclusively; this dialect's
 * connections share the database, so the lock reserves the writer for the migrator's connection
 * before its first statement: concurrent `migrateToLatest()` calls then run one after the other,
 * and each sees what the previous one applied. The writer is given back when the migrator
 * releases its connection.
 *
 * It also tells Kysely (≥ 0.29) it may run queries on several connections at once: the executor
 * routes reads to readers and serializes transactions on the writer itself. Kysely 0.28 ignores that flag.
 */
export class SqliteWorkerAdapter extends SqliteAdapter {
  get supportsMultipleConnections(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await db.getExecutor().provideConnection((connection) => asWorkerConnection(connection).reserveWriter());
  }

  override async releaseMigrationLock(): Promise<void> {
    // The writer is given back with the migrator's connection, after its last statement.
  }
}
