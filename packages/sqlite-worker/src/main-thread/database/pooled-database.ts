import { DatabaseClosedError, OverloadedError } from '../../errors.js';
import type { QueryPayload } from '../../protocol/messages.js';
import type {
  EncryptionKey,
  QueryOptions,
  QueryResult,
  SqliteDatabase,
  SqliteTransaction,
  SqliteWriterSession,
  StreamOptions,
} from '../../types.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import { CancellableReader, type CancellationLane } from './cancellable-reader.js';
import { assertEncryption } from './key-material.js';
import { packBatchRows } from './pack-batch-rows.js';
import { PooledTransaction } from './pooled-transaction.js';
import { QueryCall, type ResultShape } from './query-call.js';
import { QueryRouter } from './query-router.js';
import { ReaderLeases } from './reader-leases.js';
import { rekeyConnections } from './rekey-connections.js';
import { streamRows } from './stream-rows.js';
import { WriterGate } from './writer-gate.js';
import { WriterSession } from './writer-session.js';

/** Everything a database needs from the pool that opened it. */
export interface PooledDatabaseInit {
  path: string;
  writer: ConnectionHandle;
  readers: ConnectionHandle[];
  /** Where reads with a timeout or signal run. */
  lane: CancellationLane;
  maxQueue: number;
  /** Called after the connections are closed, so the pool forgets the database. */
  onClosed(): void;
}

const NO_PARAMS: readonly unknown[] = [];

function toQueryResult(payload: QueryPayload): QueryResult<unknown> {
  return {
    rows: payload.rows,
    changes: payload.changes,
    lastInsertRowid: payload.lastInsertRowid,
    reader: payload.reader,
  };
}

/** {@link SqliteDatabase} over connections hosted on the pool's worker threads. */
export class PooledDatabase implements SqliteDatabase {
  readonly path: string;
  #writer: ConnectionHandle;
  #maxQueue: number;
  #onClosed: () => void;
  #gate = new WriterGate();
  #pending = 0;
  #idleWaiters: (() => void)[] = [];
  #leases: ReaderLeases;
  #cancellable: CancellableReader;
  #router: QueryRouter;
  #closing: Promise<void> | null = null;

  constructor(init: PooledDatabaseInit) {
    this.path = init.path;
    this.#writer = init.writer;
    this.#maxQueue = init.maxQueue;
    this.#onClosed = init.onClosed;
    this.#leases = new ReaderLeases(init.readers);
    this.#cancellable = new CancellableReader(init.lane, () => init.writer.spec);
    this.#router = new QueryRouter({
      writer: init.writer,
      readers: init.readers,
      cancellable: this.#cancellable,
      gate: this.#gate,
      waitForReader: (retry) => this.#leases.whenReleased(retry),
      settled: () => this.#done(),
    });
  }

  query<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = NO_PARAMS,
    options?: QueryOptions,
  ): Promise<QueryResult<R>> {
    return this.queryAs(sql, params, options, toQueryResult as ResultShape<QueryResult<R>>);
  }

  /**
   * `query()` resolving with `shape(answer)` instead of a {@link QueryResult}: the Kysely dialect
   * uses it to resolve with Kysely's result object directly. Internal (not on `SqliteDatabase`).
   */
  queryAs<T>(
    sql: string,
    params: readonly unknown[],
    options: QueryOptions | undefined,
    shape: ResultShape<T>,
  ): Promise<T> {
    const refused = this.#admit();
    if (refused !== null) return Promise.reject(refused);
    this.#pending++;
    const call = new QueryCall(this.#router, sql, params, options, shape);
    try {
      this.#router.route(call);
    } catch (error) {
      // E.g. a worker that cannot even be constructed: the caller gets a rejection, never a throw.
      call.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return call.promise as Promise<T>;
  }

  stream<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = NO_PARAMS,
    options: StreamOptions = {},
  ): AsyncIterableIterator<R[]> {
    const chunkSize = options.chunkSize ?? 100;
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw new TypeError('options.chunkSize must be a positive integer');
    const refused = this.#closing !== null ? new DatabaseClosedError(this.path) : null;
    if (refused !== null) throw refused;
    return this.#streamFromReader<R>(sql, params, chunkSize, options.signal);
  }

  exec(sql: string): Promise<void> {
    return this.#writerCall(async () => {
      await this.#writer.thread.send({ op: 'exec', conn: this.#writer.id, sql }, this.#writer);
    });
  }

  batch(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
  ): Promise<{ changes: number; lastInsertRowid: number | bigint }> {
    return this.#writerCall(async () => {
      const payload = await this.#writer.thread.send(
        { op: 'batch', conn: this.#writer.id, sql, rows: packBatchRows(paramSets) },
        this.#writer,
      );
      return { changes: payload.changes, lastInsertRowid: payload.lastInsertRowid };
    });
  }

  async begin(): Promise<SqliteTransaction> {
    const session = await this.#reserve();
    try {
      await session.query('BEGIN IMMEDIATE');
    } catch (error) {
      session.release();
      throw error;
    }
    return new PooledTransaction(session, this.path);
  }

  reserveWriter(): Promise<SqliteWriterSession> {
    return this.#reserve();
  }

  backup(toPath: string): Promise<void> {
    const refused = this.#admit();
    if (refused !== null) return Promise.reject(refused);
    const run = async () => {
      const reader = await this.#leases.lease();
      if (reader === null) {
        await this.#gate.run(() =>
          this.#writer.thread.send({ op: 'backup', conn: this.#writer.id, toPath }, this.#writer),
        );
        return;
      }
      try {
        await reader.thread.send({ op: 'backup', conn: reader.id, toPath }, reader);
      } finally {
        this.#leases.release(reader);
      }
    };
    return this.#track(run());
  }

  async rekey(encryption: EncryptionKey): Promise<void> {
    assertEncryption(encryption, 'encryption');
    if (this.#writer.spec.key === null)
      throw new TypeError('rekey() needs an encrypted database; this one is plaintext');
    const refused = this.#admit();
    if (refused !== null) throw refused;
    this.#pending++;
    const release = await this.#gate.acquire();
    try {
      await rekeyConnections({
        path: this.path,
        writer: this.#writer,
        leases: this.#leases,
        cancellable: this.#cancellable,
        encryption,
      });
    } finally {
      release();
      this.#done();
    }
  }

  checkpoint(): Promise<void> {
    return this.#writerCall(async () => {
      await this.#writer.thread.send({ op: 'checkpoint', conn: this.#writer.id }, this.#writer);
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Test hook behind `@coffer/sqlite-worker/testing` (`crashWriterThread`); not on `SqliteDatabase`. */
  crashWriterThread(): Promise<void> {
    return this.#writer.thread.crash();
  }

  async #shutdown(): Promise<void> {
    if (this.#pending > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    const release = await this.#gate.acquire();
    try {
      const readers = this.#leases.readers.map((r) =>
        r.thread.send({ op: 'close', conn: r.id, optimize: false }, r),
      );
      await Promise.allSettled([...readers, this.#cancellable.close()]);
      await this.#writer.thread.send({ op: 'close', conn: this.#writer.id, optimize: true }, this.#writer);
    } finally {
      release();
      this.#onClosed();
    }
  }

  /** Takes the writer gate exclusively; the session counts as one pending call until released. */
  async #reserve(): Promise<WriterSession> {
    const refused = this.#admit();
    if (refused !== null) throw refused;
    this.#pending++;
    const release = await this.#gate.acquire();
    return new WriterSession(this.#writer, () => {
      release();
      this.#done();
    });
  }

  #admit(): Error | null {
    if (this.#closing !== null) return new DatabaseClosedError(this.path);
    if (this.#pending >= this.#maxQueue) return new OverloadedError(this.#maxQueue);
    return null;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    return work.finally(() => this.#done());
  }

  #done(): void {
    if (--this.#pending === 0 && this.#idleWaiters.length > 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  #writerCall<T>(send: () => Promise<T>): Promise<T> {
    const refused = this.#admit();
    if (refused !== null) return Promise.reject(refused);
    return this.#track(this.#gate.run(send));
  }

  async *#streamFromReader<R>(
    sql: string,
    params: readonly unknown[],
    chunkSize: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<R[], void, undefined> {
    const reader = await this.#leases.lease();
    if (reader === null) {
      throw new TypeError('stream() outside a transaction needs at least one reader (options.readers)');
    }
    yield* streamRows<R>({
      handle: reader,
      sql,
      params,
      chunkSize,
      signal,
      release: () => this.#leases.release(reader),
    });
  }
}
