import { resolve } from 'node:path';
import { DatabaseClosedError } from '../../errors.js';
import type { OpenSpec } from '../../protocol/messages.js';
import { resolveStayAwake } from '../../stay-awake/stay-awake-options.js';
import { StayAwakeWindow } from '../../stay-awake/stay-awake-window.js';
import type {
  OpenDatabaseOptions,
  SqliteDatabase,
  SqlitePool,
  SqlitePoolOptions,
  SqlitePoolStats,
} from '../../types.js';
import { assertEncryption, keyPragma } from '../database/key-material.js';
import { PooledDatabase } from '../database/pooled-database.js';
import { ConnectionHandle } from './connection-handle.js';
import { ThreadHandle } from './thread-handle.js';

const DEFAULT_DRIVER = 'better-sqlite3-multiple-ciphers';

/**
 * Creates a pool of worker threads that host SQLite connections for any number of databases.
 *
 * ```ts
 * const pool = createSqlitePool({ threads: 2 });
 * const db = await pool.open({ path: 'data/user.db', encryption: { passphrase } });
 * const { rows } = await db.query('SELECT * FROM entries WHERE id = ?', [id]);
 * await pool.close();
 * ```
 */
export function createSqlitePool(options: SqlitePoolOptions = {}): SqlitePool {
  const threadCount = options.threads ?? 2;
  if (!Number.isInteger(threadCount) || threadCount < 1) {
    throw new TypeError('options.threads must be a positive integer');
  }
  const maxQueue = options.maxQueuePerDatabase ?? 10_000;
  if (!Number.isInteger(maxQueue) || maxQueue < 1) {
    throw new TypeError('options.maxQueuePerDatabase must be a positive integer');
  }
  const driver = options.driver ?? DEFAULT_DRIVER;
  if (typeof driver !== 'string' || driver.length === 0)
    throw new TypeError('options.driver must be a module specifier');
  const stayAwake = resolveStayAwake(options);
  return new WorkerSqlitePool(threadCount, driver, maxQueue, stayAwake && new StayAwakeWindow(stayAwake));
}

class WorkerSqlitePool implements SqlitePool {
  #threadCount: number;
  #driver: string;
  #maxQueue: number;
  #threads: ThreadHandle[] = [];
  /** Hosts only the connections that run reads with a timeout or signal (see `CancellableReader`). */
  #cancellationThread: ThreadHandle | null = null;
  #databases = new Set<SqliteDatabase>();
  #nextConnection = 1;
  #nextPlacement = 0;
  #respawns = 0;
  #closing: Promise<void> | null = null;
  #stayAwake: StayAwakeWindow | null;

  constructor(threadCount: number, driver: string, maxQueue: number, stayAwake: StayAwakeWindow | null) {
    this.#threadCount = threadCount;
    this.#driver = driver;
    this.#maxQueue = maxQueue;
    this.#stayAwake = stayAwake;
  }

  async open(options: OpenDatabaseOptions): Promise<SqliteDatabase> {
    const { path, encryption, readers = 1, busyTimeoutMs = 5000, blobs = 'buffer' } = options;
    if (typeof path !== 'string' || path.length === 0)
      throw new TypeError('options.path must be a non-empty string');
    if (!Number.isInteger(readers) || readers < 0)
      throw new TypeError('options.readers must be a non-negative integer');
    if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new TypeError('options.busyTimeoutMs must be a non-negative number');
    }
    if (blobs !== 'buffer' && blobs !== 'uint8array')
      throw new TypeError("options.blobs must be 'buffer' or 'uint8array'");
    if (encryption !== undefined) assertEncryption(encryption, 'options.encryption');
    const fullPath = resolve(path);
    if (this.#closing !== null) throw new DatabaseClosedError(fullPath);
    const key = encryption === undefined ? null : await keyPragma(fullPath, encryption);
    const threads = this.#ensureThreads();
    const first = this.#nextPlacement++ % threads.length;
    const spec = (readonly: boolean): OpenSpec => ({
      path: fullPath,
      key,
      readonly,
      busyTimeoutMs,
      blobsAsBuffer: blobs === 'buffer',
    });
    const writer = new ConnectionHandle(this.#nextConnection++, threads[first]!, spec(false));
    const readerHandles = Array.from(
      { length: readers },
      (_, i) =>
        new ConnectionHandle(this.#nextConnection++, threads[(first + 1 + i) % threads.length]!, spec(true)),
    );
    await writer.thread.send({ op: 'open', conn: writer.id, spec: writer.spec }, writer);
    const opened = await Promise.allSettled(
      readerHandles.map((r) => r.thread.send({ op: 'open', conn: r.id, spec: r.spec }, r)),
    );
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed !== undefined) {
      for (const handle of [writer, ...readerHandles]) {
        handle.thread.send({ op: 'close', conn: handle.id, optimize: false }, handle).catch(() => {});
      }
      throw failed.reason;
    }
    const database: PooledDatabase = new PooledDatabase({
      path: fullPath,
      writer,
      readers: readerHandles,
      lane: {
        thread: () => this.#ensureCancellationThread(),
        nextConnectionId: () => this.#nextConnection++,
      },
      maxQueue: this.#maxQueue,
      onClosed: () => this.#databases.delete(database),
    });
    this.#databases.add(database);
    return database;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#databases].map((db) => db.close()));
      await Promise.all(this.#allThreads().map((thread) => thread.stop()));
      this.#stayAwake?.close();
    })();
    return this.#closing;
  }

  stats(): SqlitePoolStats {
    return {
      threads: this.#threadCount,
      databases: this.#databases.size,
      connections: this.#allThreads().reduce((sum, thread) => sum + thread.connectionCount, 0),
      respawns: this.#respawns,
      stayAwake: this.#stayAwake?.counts ?? { windows: 0, hits: 0 },
    };
  }

  #ensureThreads(): ThreadHandle[] {
    while (this.#threads.length < this.#threadCount) this.#threads.push(this.#newThread());
    // Started with the others so a first read with a timeout does not spend it on a thread start.
    this.#ensureCancellationThread();
    return this.#threads;
  }

  #ensureCancellationThread(): ThreadHandle {
    this.#cancellationThread ??= this.#newThread();
    return this.#cancellationThread;
  }

  #allThreads(): ThreadHandle[] {
    return this.#cancellationThread === null ? this.#threads : [...this.#threads, this.#cancellationThread];
  }

  #newThread(): ThreadHandle {
    return new ThreadHandle({
      driver: this.#driver,
      onRespawn: () => this.#respawns++,
      stayAwake: this.#stayAwake,
    });
  }
}
