import { CompiledQuery, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDatabase } from '../../types.js';
import { SqliteWorkerConnection } from './sqlite-worker-connection.js';

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

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).rollback();
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

  /** A connection released with its transaction still open (a bug upstream) is rolled back, freeing the writer. */
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const worker = asWorkerConnection(connection);
    if (worker.pinned) return worker.rollback().finally(() => this.#recycle(worker));
    this.#recycle(worker);
    return DONE;
  }

  async destroy(): Promise<void> {
    this.#idle = [];
  }

  #recycle(connection: SqliteWorkerConnection): void {
    if (this.#idle.length < MAX_IDLE_CONNECTIONS) this.#idle.push(connection);
  }
}

function asWorkerConnection(connection: DatabaseConnection): SqliteWorkerConnection {
  if (!(connection instanceof SqliteWorkerConnection))
    throw new TypeError('Not a SqliteWorkerDialect connection');
  return connection;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
