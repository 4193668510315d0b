import { type CompiledQuery, type DatabaseConnection, type QueryResult, SelectQueryNode } from 'kysely';
import type { SqliteDatabase, SqliteTransaction, QueryResult as WorkerQueryResult } from '../types.js';

/**
 * A Kysely connection. Cheap and unpinned: outside a transaction each query is routed by the
 * database (reads to readers, writes to the writer). `begin()` pins it to the writer until
 * `commit()`/`rollback()`.
 */
export class SqliteWorkerConnection implements DatabaseConnection {
  #database: SqliteDatabase;
  #transaction: SqliteTransaction | null = null;

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    const result: WorkerQueryResult<R> =
      this.#transaction === null
        ? await this.#database.query<R>(sql, parameters)
        : await this.#transaction.query<R>(sql, parameters);
    if (SelectQueryNode.is(query)) return { rows: result.rows };
    return {
      rows: result.rows,
      numAffectedRows: BigInt(result.changes),
      insertId: BigInt(result.lastInsertRowid),
    };
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const source = this.#transaction ?? this.#database;
    for await (const rows of source.stream<R>(sql, parameters, { chunkSize })) yield { rows };
  }

  /** Pins the connection to the writer inside a new transaction. */
  async begin(): Promise<void> {
    if (this.#transaction !== null) throw new Error('A transaction is already open on this connection');
    this.#transaction = await this.#database.begin();
  }

  async commit(): Promise<void> {
    const transaction = this.#unpin();
    await transaction?.commit();
  }

  async rollback(): Promise<void> {
    const transaction = this.#unpin();
    await transaction?.rollback();
  }

  #unpin(): SqliteTransaction | null {
    const transaction = this.#transaction;
    this.#transaction = null;
    return transaction;
  }
}
