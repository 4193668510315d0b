import { DatabaseClosedError, WorkerCrashedError } from '../../errors.js';
import type { QueryResult, SqliteWriterSession, StreamOptions } from '../../types.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import { streamRows } from './stream-rows.js';

/**
 * The writer reserved for one caller: it owns the writer gate until `release()`. If the writer's
 * thread is replaced meanwhile, the connection state it relied on (an open transaction, temporary
 * tables) is gone, so every later call rejects with `WorkerCrashedError` instead of running
 * without it.
 */
export class WriterSession implements SqliteWriterSession {
  #writer: ConnectionHandle;
  #generation: number;
  #finish: () => void;
  #done = false;

  constructor(writer: ConnectionHandle, finish: () => void) {
    this.#writer = writer;
    this.#generation = writer.thread.generation;
    this.#finish = finish;
  }

  /** The writer's thread was replaced since the session started (SQLite rolled back what was open). */
  get lost(): boolean {
    return this.#writer.thread.generation !== this.#generation;
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
    return {
      rows: payload.rows as R[],
      changes: payload.changes,
      lastInsertRowid: payload.lastInsertRowid,
      reader: payload.reader,
    };
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

  release(): void {
    if (this.#done) return;
    this.#done = true;
    this.#finish();
  }

  #check(): void {
    if (this.#done) throw new DatabaseClosedError(`${this.#writer.spec.path} (writer already released)`);
    if (this.lost) {
      throw new WorkerCrashedError('The reserved writer was lost: its worker thread crashed');
    }
  }
}
