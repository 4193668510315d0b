import { DatabaseClosedError, WorkerCrashedError } from '../../errors.js';
import type { QueryResult, SqliteTransaction, StreamOptions } from '../../types.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import { streamRows } from './stream-rows.js';

/**
 * A transaction pinned to the writer. It owns the writer gate from BEGIN until COMMIT or
 * ROLLBACK; if the writer's thread is replaced meanwhile, SQLite has already rolled it back, so
 * every later call rejects with `WorkerCrashedError` instead of running outside the transaction.
 */
export class PooledTransaction implements SqliteTransaction {
  #writer: ConnectionHandle;
  #generation: number;
  #finish: () => void;
  #done = false;

  constructor(writer: ConnectionHandle, finish: () => void) {
    this.#writer = writer;
    this.#generation = writer.thread.generation;
    this.#finish = finish;
  }

  async query<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<R>> {
    this.#check();
    const payload = await this.#writer.thread.send(
      { op: 'query', conn: this.#writer.id, sql, params, readerOnly: false },
      this.#writer,
    );
    this.#check();
    return { rows: payload.rows as R[], changes: payload.changes, lastInsertRowid: payload.lastInsertRowid };
  }

  stream<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
    options: StreamOptions = {},
  ): AsyncIterableIterator<R[]> {
    this.#check();
    return streamRows<R>({
      handle: this.#writer,
      sql,
      params,
      chunkSize: options.chunkSize ?? 100,
      signal: options.signal,
      release: () => {},
    });
  }

  async commit(): Promise<void> {
    this.#check();
    try {
      await this.query('COMMIT');
    } catch (error) {
      await this.rollback().catch(() => {});
      throw error;
    }
    this.#end();
  }

  async rollback(): Promise<void> {
    if (this.#done) return;
    try {
      if (this.#writer.thread.generation === this.#generation) await this.query('ROLLBACK');
    } finally {
      this.#end();
    }
  }

  #check(): void {
    if (this.#done) throw new DatabaseClosedError(`${this.#writer.spec.path} (transaction already finished)`);
    if (this.#writer.thread.generation !== this.#generation) {
      throw new WorkerCrashedError('The transaction was rolled back: its worker thread crashed');
    }
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#finish();
  }
}
