import { type CompiledQuery, type DatabaseConnection, type QueryResult, SelectQueryNode } from 'kysely';
import type { QueryPayload } from '../../protocol/messages.js';
import type { SqliteDatabase, SqliteTransaction, QueryResult as WorkerQueryResult } from '../../types.js';
import { PooledDatabase } from '../database/pooled-database.js';

/**
 * A Kysely connection. Cheap and unpinned: outside a transaction each query is routed by the
 * database (reads to readers, writes to the writer). `begin()` pins it to the writer until
 * `commit()`/`rollback()`. The driver reuses released connections, so Kysely's per-connection
 * bookkeeping (a `WeakSet` entry) is paid once, not per query.
 */
export class SqliteWorkerConnection implements DatabaseConnection {
  #database: SqliteDatabase;
  /** Set for this package's own databases: queries resolve with Kysely's result shape directly. */
  #direct: PooledDatabase | null;
  #transaction: SqliteTransaction | null = null;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    this.#direct = database instanceof PooledDatabase ? database : null;
  }

  /** Whether a transaction is open on this connection. */
  get pinned(): boolean {
    return this.#transaction !== null;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    const select = SelectQueryNode.is(query);
    if (this.#transaction === null && this.#direct !== null) {
      return this.#direct.queryAs(
        sql,
        parameters,
        undefined,
        select ? toSelectResult : toWriteResult,
      ) as Promise<QueryResult<R>>;
    }
    try {
      const pending =
        this.#transaction === null
          ? this.#database.query<R>(sql, parameters)
          : this.#transaction.query<R>(sql, parameters);
      return pending.then(select ? toSelectResult : toWriteResult) as Promise<QueryResult<R>>;
    } catch (error) {
      // Another SqliteDatabase implementation may throw synchronously; Kysely expects a rejection.
      return Promise.reject(error);
    }
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

function toSelectResult(result: QueryPayload | WorkerQueryResult<unknown>): QueryResult<unknown> {
  return { rows: result.rows };
}

function toWriteResult(result: QueryPayload | WorkerQueryResult<unknown>): QueryResult<unknown> {
  return {
    rows: result.rows,
    numAffectedRows: BigInt(result.changes),
    insertId: BigInt(result.lastInsertRowid),
  };
}
