/** Stable codes carried by every error this package throws. */
export type CofferSqliteErrorCode =
  | 'COFFER_SQLITE_ERROR'
  | 'COFFER_SQLITE_WRONG_KEY'
  | 'COFFER_SQLITE_WORKER_CRASHED'
  | 'COFFER_SQLITE_QUERY_TIMEOUT'
  | 'COFFER_SQLITE_OVERLOADED'
  | 'COFFER_SQLITE_DATABASE_CLOSED'
  | 'COFFER_SQLITE_ABORTED'
  | 'COFFER_SQLITE_ENCRYPTION_UNSUPPORTED'
  | 'COFFER_SQLITE_TEMP_STORE';

/** Base class of every error thrown by `@coffer/sqlite-worker`; `code` is stable across versions. */
export class CofferSqliteError extends Error {
  /** Stable machine-readable code, see the README error table. */
  readonly code: CofferSqliteErrorCode;

  constructor(code: CofferSqliteErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** SQLite reported an error; `sqliteCode` is the extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`. */
export class SqliteError extends CofferSqliteError {
  /** Extended SQLite result code name (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`, …). */
  readonly sqliteCode: string;

  constructor(message: string, sqliteCode: string, options?: { cause?: unknown }) {
    super('COFFER_SQLITE_ERROR', message, options);
    this.sqliteCode = sqliteCode;
  }
}

/** The key (or passphrase) does not decrypt the file, or the file is not a database. The file is untouched. */
export class WrongKeyError extends CofferSqliteError {
  constructor(path: string, options?: { cause?: unknown }) {
    super('COFFER_SQLITE_WRONG_KEY', `Wrong key for ${path} (or the file is not a database)`, options);
  }
}

/** The worker thread running the call died before answering; the outcome of a write is unknown. */
export class WorkerCrashedError extends CofferSqliteError {
  constructor(
    message = 'The SQLite worker thread crashed while the call was in flight',
    options?: { cause?: unknown },
  ) {
    super('COFFER_SQLITE_WORKER_CRASHED', message, options);
  }
}

/** A read ran longer than its `timeoutMs`; its thread was recycled to stop it. */
export class QueryTimeoutError extends CofferSqliteError {
  constructor(timeoutMs: number) {
    super('COFFER_SQLITE_QUERY_TIMEOUT', `Query exceeded its timeout of ${timeoutMs} ms`);
  }
}

/** The database already has `maxQueuePerDatabase` calls queued or in flight. Retry later. */
export class OverloadedError extends CofferSqliteError {
  constructor(limit: number) {
    super(
      'COFFER_SQLITE_OVERLOADED',
      `Database has ${limit} calls queued or in flight (maxQueuePerDatabase)`,
    );
  }
}

/** The database (or its pool) was closed; no new work is accepted. */
export class DatabaseClosedError extends CofferSqliteError {
  constructor(path: string) {
    super('COFFER_SQLITE_DATABASE_CLOSED', `Database ${path} is closed`);
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class QueryAbortedError extends CofferSqliteError {
  constructor(reason: unknown) {
    super('COFFER_SQLITE_ABORTED', 'Query was aborted', { cause: reason });
  }
}

/**
 * Encryption was asked of a driver without cipher support (plain `better-sqlite3`). Refused before
 * the file is created, so nothing is ever written in plaintext by mistake.
 */
export class EncryptionUnsupportedError extends CofferSqliteError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_SQLITE_ENCRYPTION_UNSUPPORTED', message, options);
  }
}

/**
 * A connection could not keep SQLite's temporary data in memory (`PRAGMA temp_store=MEMORY` did not
 * take, or the driver was built to always use temp files), or a statement tried to change
 * `temp_store`. Temp files are never encrypted, so the open (or the statement) is refused.
 */
export class TempStoreError extends CofferSqliteError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_SQLITE_TEMP_STORE', message, options);
  }
}
