export {
  CofferSqliteError,
  type CofferSqliteErrorCode,
  DatabaseClosedError,
  EncryptionUnsupportedError,
  OverloadedError,
  QueryAbortedError,
  QueryTimeoutError,
  SqliteError,
  TempStoreError,
  WorkerCrashedError,
  WrongKeyError,
} from './errors.js';
export {
  SqliteWorkerDialect,
  type SqliteWorkerDialectConfig,
} from './main-thread/kysely/sqlite-worker-dialect.js';
export { createSqlitePool } from './main-thread/pool/sqlite-pool.js';
export type {
  EncryptionKey,
  OpenDatabaseOptions,
  QueryOptions,
  QueryResult,
  SqliteDatabase,
  SqlitePool,
  SqlitePoolOptions,
  SqlitePoolStats,
  SqliteTransaction,
  StreamOptions,
} from './types.js';
