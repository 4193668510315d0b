import { DatabaseClosedError, WorkerCrashedError } from '../../errors.js';
import type { QueryResult, SqliteTransaction, StreamOptions } from '../../types.js';
import type { WriterSession } from './writer-session.js';

/**
 * A transaction on a reserved writer, from `BEGIN IMMEDIATE` (already run) until COMMIT or
 * ROLLBACK, which release the writer. If the writer's thread is replaced meanwhile, SQLite has
 * already rolled it back, so every later call rejects with `WorkerCrashedError` instead of running
 * outside the transaction.
 */
export class PooledTransaction implements SqliteTransaction {
  #session: WriterSession;
  #path: string;
  #done = false;

  constructor(session: WriterSession, path: string) {
    this.#session = session;
    this.#path = path;
  }

  query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    try {
      this.#check();
      return this.#session.query<R>(sql, params);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stream<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
    options: StreamOptions = {},
  ): AsyncIterableIterator<R[]> {
    this.#check();
    return this.#session.stream<R>(sql, params, options);
  }

  async commit(): Promise<void> {
    this.#check();
    try {
      await this.#session.query('COMMIT');
    } catch (error) {
      await this.rollback().catch(() => {});
      throw error;
    }
    this.#end();
  }

  async rollback(): Promise<void> {
    if (this.#done) return;
    try {
      if (!this.#session.lost) await this.#session.query('ROLLBACK');
    } finally {
      this.#end();
    }
  }

  #check(): void {
    if (this.#done) throw new DatabaseClosedError(`${this.#path} (transaction already finished)`);
    if (this.#session.lost) {
      throw new WorkerCrashedError('The transaction was rolled back: its worker thread crashed');
    }
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#session.release();
  }
}
