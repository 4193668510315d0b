import { CompiledQuery, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDatabase } from '../../types.js';
import { asWorkerConnection, SqliteWorkerConnection } from './sqlite-worker-connection.js';
import { BEGIN, COMMIT, ROLLBACK } from './transaction-statements.js';

/** Released connections kept for reuse; past this many (a burst of callers) the rest are dropped. */
const MAX_IDLE_CONNECTIONS = 16_384;

const DONE: Promise<void> = Promise.resolve();

/**
 * Kysely driver over a {@link SqliteDatabase}; the database's lifecycle stays with its owner.
 * Connections are plain routing objects, recycled through an idle list: Kysely acquires and
 * releases one per query, and a fresh object each time would be garbage plus a new entry in
 * Kysely's connection `WeakSet` (ephemerons that every young-generation GC has to process).
 */
export class SqliteWorkerDriver implements Driver {
  #database: SqliteDatabase;
  #idle: SqliteWorkerConnection[] = [];

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.#idle.pop() ?? new SqliteWorkerConnection(this.#database));
  }

  // Transaction statements go through `connection.executeQuery`, which Kysely wraps for its `log`.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).executeQuery(BEGIN);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).executeQuery(COMMIT);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).executeQuery(ROLLBACK);
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(savepointName)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(savepointName)}`));
  }

  /**
   * Gives back the writer if the connection held it; a transaction still open (a bug upstream) is
   * rolled back first. An unpinned connection settles at once.
   */
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const worker = asWorkerConnection(connection);
    if (!worker.pinned) {
      worker.release();
      this.#recycle(worker);
      return DONE;
    }
    return worker.release().finally(() => this.#recycle(worker));
  }

  async destroy(): Promise<void> {
    this.#idle = [];
  }

  #recycle(connection: SqliteWorkerConnection): void {
    if (this.#idle.length < MAX_IDLE_CONNECTIONS) this.#idle.push(connection);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
