import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { SqliteDatabase, SqliteWriterSession } from '../../types.js';
import { PooledDatabase } from '../database/pooled-database.js';
import { toKyselyResult } from './kysely-result.js';
import { BEGIN, COMMIT, isControl, ROLLBACK } from './transaction-statements.js';

const NO_ROWS: QueryResult<never> = Object.freeze({ rows: [] }) as QueryResult<never>;
const DONE: Promise<void> = Promise.resolve();

/**
 * A Kysely connection. Kysely acquires one per query and also for `db.connection()` and
 * transactions, and the driver cannot tell which at acquire time. So the first statement after
 * acquisition is routed by the database (reads to readers, writes to the writer); a second
 * statement before release means a `db.connection()` callback, and from then on the connection
 * holds the writer reserved (temporary tables and pragmas persist; other writes and transactions
 * wait) until it is released. A transaction reserves the writer from `begin`. The driver reuses
 * released connections, so Kysely's per-connection bookkeeping (a `WeakSet` entry) is paid once.
 */
export class SqliteWorkerConnection implements DatabaseConnection {
  #database: SqliteDatabase;
  /** Set for this package's own databases: queries resolve with Kysely's result shape directly. */
  #direct: PooledDatabase | null;
  #session: SqliteWriterSession | null = null;
  /** The writer was reserved by `begin` (released with the transaction), not for the whole acquisition. */
  #sessionForTransaction = false;
  #inTransaction = false;
  /** A statement already ran since the connection was acquired. */
  #used = false;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    this.#direct = database instanceof PooledDatabase ? database : null;
  }

  /** Whether this connection holds the writer (or a transaction) until it is released. */
  get pinned(): boolean {
    return this.#session !== null || this.#inTransaction;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#session === null && !this.#used && this.#direct !== null && !isControl(compiledQuery)) {
      this.#used = true;
      const { sql, parameters } = compiledQuery;
      return this.#direct.queryAs(sql, parameters, undefined, toKyselyResult) as Promise<QueryResult<R>>;
    }
    return this.#execute(compiledQuery) as Promise<QueryResult<R>>;
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const first = this.#session === null && !this.#used;
    this.#used = true;
    const source = first ? this.#database : await this.#reserve();
    for await (const rows of source.stream<R>(sql, parameters, { chunkSize })) yield { rows };
  }

  /** Holds the writer from now until release (the migration lock does this before its first statement). */
  async reserveWriter(): Promise<void> {
    this.#used = true;
    await this.#reserve();
  }

  /** Called by the driver on release: rolls back a transaction left open, gives the writer back. */
  release(): Promise<void> {
    this.#used = false;
    if (!this.pinned) return DONE;
    return this.#rollback().then(
      () => this.#unpin(),
      (error: unknown) => {
        this.#unpin();
        throw error;
      },
    );
  }

  async #execute(compiledQuery: CompiledQuery): Promise<QueryResult<unknown>> {
    if (compiledQuery === BEGIN) return this.#begin();
    if (compiledQuery === COMMIT) return this.#commit();
    if (compiledQuery === ROLLBACK) return this.#rollback();
    const { sql, parameters } = compiledQuery;
    if (this.#session === null && !this.#used) {
      this.#used = true;
      return toKyselyResult(await this.#database.query(sql, parameters));
    }
    const session = await this.#reserve();
    return toKyselyResult(await session.query(sql, parameters));
  }

  async #begin(): Promise<QueryResult<never>> {
    if (this.#inTransaction) throw new Error('A transaction is already open on this connection');
    const owned = this.#session === null;
    const session = await this.#reserve();
    try {
      await session.query(BEGIN.sql);
    } catch (error) {
      if (owned) this.#unpin();
      throw error;
    }
    this.#inTransaction = true;
    this.#sessionForTransaction = owned;
    return NO_ROWS;
  }

  async #commit(): Promise<QueryResult<never>> {
    if (!this.#inTransaction || this.#session === null) return NO_ROWS;
    try {
      await this.#session.query(COMMIT.sql);
    } catch (error) {
      // SQLite keeps the transaction open after a failed COMMIT: end it here, as Kysely expects.
      await this.#rollback().catch(() => {});
      throw error;
    }
    this.#endTransaction();
    return NO_ROWS;
  }

  async #rollback(): Promise<QueryResult<never>> {
    const session = this.#session;
    if (!this.#inTransaction || session === null) return NO_ROWS;
    try {
      // A crashed writer already rolled back; its session rejects every statement.
      if (!session.lost) await session.query(ROLLBACK.sql);
    } finally {
      this.#endTransaction();
    }
    return NO_ROWS;
  }

  async #reserve(): Promise<SqliteWriterSession> {
    this.#session ??= await this.#database.reserveWriter();
    return this.#session;
  }

  #endTransaction(): void {
    this.#inTransaction = false;
    if (this.#sessionForTransaction) {
      this.#sessionForTransaction = false;
      this.#unpin();
    }
  }

  #unpin(): void {
    const session = this.#session;
    this.#session = null;
    this.#inTransaction = false;
    this.#sessionForTransaction = false;
    session?.release();
  }
}

/** Narrows a Kysely connection to this dialect's (the driver and adapter receive Kysely's generic `DatabaseConnection`). */
export function asWorkerConnection(connection: DatabaseConnection): SqliteWorkerConnection {
  if (!(connection instanceof SqliteWorkerConnection))
    throw new TypeError('Not a SqliteWorkerDialect connection');
  return connection;
}
