/** Options of {@link createSqlitePool}. */
export interface SqlitePoolOptions {
  /**
   * Worker threads shared by every database opened on the pool. Bounded: it never grows with the
   * number of open databases. The pool adds one more, the cancellation thread, which runs only
   * reads with a `timeoutMs` or `signal` (so stopping one costs no other work).
   * @default 2
   */
  threads?: number;
  /**
   * Module specifier of the SQLite driver: a better-sqlite3-compatible one (`better-sqlite3`,
   * `@signalapp/better-sqlite3`, or an absolute path), or `'@signalapp/sqlcipher'` (adapted; an
   * optional peer dependency under the AGPL-3.0, see the README). Encryption needs a SQLite3
   * Multiple Ciphers or SQLCipher build.
   * @default 'better-sqlite3-multiple-ciphers'
   */
  driver?: string;
  /**
   * Max queued + in-flight calls per database before calls fail fast with `OverloadedError`.
   * @default 10_000
   */
  maxQueuePerDatabase?: number;
  /**
   * Stay-awake window, in microseconds: after the main thread posts calls, and after a worker
   * answers a batch, that thread keeps its event loop polling this long for the other side's
   * message instead of going to sleep, so a lone caller does not pay two thread wake-ups per
   * query. Costs CPU while it polls; windows that end without the message pause further windows
   * (see `stayAwakeBackoffMs`). `0` turns it off.
   * @default 100 where `os.availableParallelism() > 1`, otherwise 0
   */
  stayAwakeUs?: number;
  /**
   * Pause, in milliseconds, in opening stay-awake windows after one ended without the expected
   * message; each further miss doubles it, a hit resets it.
   * @default 1
   */
  stayAwakeBackoffMs?: number;
  /**
   * Longest pause after repeated stay-awake misses, in milliseconds.
   * @default 64
   */
  stayAwakeMaxBackoffMs?: number;
}

/** A fixed set of worker threads hosting the connections of any number of databases. */
export interface SqlitePool {
  /** Opens (or creates) a database. Rejects with `WrongKeyError` on a wrong key, leaving the file untouched. */
  open(options: OpenDatabaseOptions): Promise<SqliteDatabase>;
  /** Closes every database opened on the pool, then stops the threads. Idempotent. */
  close(): Promise<void>;
  /** Counters for monitoring and tests. */
  stats(): SqlitePoolStats;
}

/** Snapshot of a pool's size. */
export interface SqlitePoolStats {
  /** Worker threads as configured (constant; the cancellation thread is not counted). */
  threads: number;
  /** Databases currently open. */
  databases: number;
  /** Connections currently open across all threads. */
  connections: number;
  /** Times a worker thread (the cancellation thread included) was replaced after a crash or a read timeout. */
  respawns: number;
  /**
   * Stay-awake windows the main thread opened, and those that ended with an answer (`hits`). A low
   * `hits / windows` means the windows mostly burn CPU; both stay 0 with `stayAwakeUs: 0`.
   */
  stayAwake: { windows: number; hits: number };
}

/** SQLCipher 4 key material: a passphrase (PBKDF2-derived once per open) or a raw 256-bit key. */
export type EncryptionKey = { passphrase: string } | { rawKey: Uint8Array };

/** Options of {@link SqlitePool.open}. */
export interface OpenDatabaseOptions {
  /** File path; created if missing. */
  path: string;
  /** Omit for a plaintext database. */
  encryption?: EncryptionKey;
  /**
   * Reader connections for reads outside transactions.
   * @default 1
   */
  readers?: number;
  /**
   * How long a connection waits for a lock held by another process before `SQLITE_BUSY`.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * How BLOB values come back: `Buffer` (as better-sqlite3 and Kysely's `SqliteDialect` return
   * them; made on the main thread without copying) or the plain `Uint8Array` that structured
   * clone delivers.
   * @default 'buffer'
   */
  blobs?: 'buffer' | 'uint8array';
}

/** Rows and write counters of one statement. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows changed by a write (0 for reads). */
  changes: number;
  /** Rowid of the last insert on the connection (0 for reads). */
  lastInsertRowid: number | bigint;
  /** The statement returns rows (a read, or a write with `RETURNING`): better-sqlite3's `stmt.reader`. */
  reader: boolean;
}

/** Per-call options. */
export interface QueryOptions {
  /**
   * Cancels the call. A read with a signal (or timeout) runs on the pool's cancellation thread and,
   * once running, is stopped by recycling that thread; writes are cancelled only before they are sent.
   */
  signal?: AbortSignal;
  /** Rejects a read with `QueryTimeoutError` after this many milliseconds (no effect on writes). */
  timeoutMs?: number;
}

/** Options of {@link SqliteDatabase.stream}. */
export interface StreamOptions {
  /**
   * Rows per chunk pulled from the worker.
   * @default 100
   */
  chunkSize?: number;
  /** Stops the stream; the reader is released. */
  signal?: AbortSignal;
}

/**
 * The writer connection reserved for one caller: its statements run there in order (autocommit
 * unless it sends `BEGIN`), so temporary tables and connection pragmas persist between them, and
 * every other write and transaction waits until `release()`. Obtain with {@link SqliteDatabase.reserveWriter}.
 */
export interface SqliteWriterSession {
  /** Runs one statement on the reserved writer. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Streams a read on the reserved writer in chunks. */
  stream<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: StreamOptions,
  ): AsyncIterableIterator<R[]>;
  /** The writer's thread was replaced since the reservation: SQLite rolled back what was open, and every call rejects. */
  readonly lost: boolean;
  /** Gives the writer back (idempotent). A transaction the caller left open stays open: roll it back first. */
  release(): void;
}

/** Statements inside one transaction, all on the writer connection. Obtain with {@link SqliteDatabase.begin}. */
export interface SqliteTransaction {
  /** Runs one statement inside the transaction. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Streams a read inside the transaction in chunks. */
  stream<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: StreamOptions,
  ): AsyncIterableIterator<R[]>;
  /** Commits and releases the writer. */
  commit(): Promise<void>;
  /** Rolls back and releases the writer. Safe to call after a failed commit or a crash. */
  rollback(): Promise<void>;
}

/** One open database: a writer connection plus reader connections, hosted on the pool's threads. */
export interface SqliteDatabase {
  readonly path: string;
  /** One statement; reads outside a transaction go to a reader, everything else to the writer. */
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Streams a read from a reader in chunks; the reader is leased until the iterator ends or returns. */
  stream<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: StreamOptions,
  ): AsyncIterableIterator<R[]>;
  /** Multi-statement script on the writer (migrations). */
  exec(sql: string): Promise<void>;
  /** One statement run once per parameter set, in ONE transaction, in ONE message to the writer. */
  batch(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
  ): Promise<{ changes: number; lastInsertRowid: number | bigint }>;
  /** Starts a transaction pinned to the writer; other writes wait until it commits or rolls back. */
  begin(): Promise<SqliteTransaction>;
  /** Reserves the writer for a sequence of statements (what Kysely's `db.connection()` runs on); see {@link SqliteWriterSession}. */
  reserveWriter(): Promise<SqliteWriterSession>;
  /** Online backup to a new file; the copy is encrypted with the same key. */
  backup(toPath: string): Promise<void>;
  /** Changes the key (or encrypts with a new one); readers are reopened with it. */
  rekey(encryption: EncryptionKey): Promise<void>;
  /** Runs a WAL checkpoint (TRUNCATE) on the writer. */
  checkpoint(): Promise<void>;
  /** Waits for in-flight work, runs PRAGMA optimize + checkpoint, closes; later calls reject with DatabaseClosedError. */
  close(): Promise<void>;
}
