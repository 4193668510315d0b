import { CompiledQuery, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDatabase } from '../types.js';
import { SqliteWorkerConnection } from './sqlite-worker-connection.js';

/** Kysely driver over a {@link SqliteDatabase}; the database's lifecycle stays with its owner. */
export class SqliteWorkerDriver implements Driver {
  #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SqliteWorkerConnection(this.#database);
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
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).rollback();
  }

  async destroy(): Promise<void> {}
}

function asWorkerConnection(connection: DatabaseConnection): SqliteWorkerConnection {
  if (!(connection instanceof SqliteWorkerConnection))
    throw new TypeError('Not a SqliteWorkerDialect connection');
  return connection;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
