import type { SqlitePool } from '@coffer/sqlite-worker';
import type { LoginThrottleOptions } from './registry/login-throttle.js';
import {
  type ResolvedUnlockConcurrency,
  resolveUnlockConcurrency,
  type UnlockConcurrencyOptions,
} from './unlock/unlock-gate.js';

/** PostgreSQL server backend: one shared schema, any number of store instances (processes) on it. */
export interface PostgresBackendOptions {
  kind: 'postgres';
  /** Connection string, e.g. `postgres://coffer@db.internal:5432/coffer` (the server's `DATABASE_URL`). */
  url: string;
  /** Connections in the store's `pg` pool (plus one dedicated `LISTEN` connection). @default 10 */
  poolSize?: number;
}

/** Embedded PostgreSQL (PGlite, WebAssembly, in this process): the PostgreSQL code paths with no server. */
export interface PgliteBackendOptions {
  kind: 'pglite';
  /** Directory of the PGlite data files. @default in memory (gone on close) */
  dataDir?: string;
}

/** A PostgreSQL-family backend of {@link createLedgerStore}. */
export type PostgresFamilyBackend = PostgresBackendOptions | PgliteBackendOptions;

/** Options every backend takes. */
export interface CommonStoreOptions {
  /** Login throttling policy. @default { maxFailures: 5, windowMs: 900000, baseLockoutMs: 30000, maxLockoutMs: 900000 } */
  throttle?: LoginThrottleOptions;
  /**
   * Bounds on concurrent password key derivations (`unlock`, `createUser`, `changePassword`,
   * `restoreBackup`), per username and overall; callers beyond the short queues fail fast with
   * `UnlockBusyError`.
   * @default { perUser: 1, perUserQueue: 2, total: 2, totalQueue: 128 }
   */
  unlockConcurrency?: UnlockConcurrencyOptions;
  /**
   * Receives notices that need no action from a caller (e.g. files whose permissions were
   * tightened to owner-only on start). Messages hold paths, never user data.
   * @default emits a process warning
   */
  onWarning?: (message: string) => void;
  /**
   * Receives errors no caller can (a throwing change listener, a failed background log read, a
   * lost `LISTEN` connection being re-opened).
   * @default emits a process warning
   */
  onError?: (error: unknown) => void;
}

/** The zero-config default: SQLCipher files under `dataDir`. */
export interface SqliteStoreOptions extends CommonStoreOptions {
  /** Directory holding `global.db`, `users/` and `backups/`; created (mode 0700) if missing. */
  dataDir: string;
  backend?: undefined;
  /**
   * Executor pool to open databases on. When omitted the store creates one with the pool's
   * defaults and closes it in `close()`; a pool passed in is left open.
   */
  pool?: SqlitePool;
  /** Backups kept per user; older ones are deleted after each backup. @default 5 */
  backupsToKeep?: number;
  /** Reader connections per unlocked user database. @default 1 */
  readersPerUser?: number;
}

/** A PostgreSQL store (server or embedded): see `docs/security.md` for what is encrypted. */
export interface PostgresStoreOptions extends CommonStoreOptions {
  backend: PostgresFamilyBackend;
  dataDir?: undefined;
}

/** Options of {@link createLedgerStore}: `{ dataDir }` (SQLite) or `{ backend }` (PostgreSQL, PGlite). */
export type LedgerStoreOptions = SqliteStoreOptions | PostgresStoreOptions;

/** Validated options with defaults applied. */
export interface ResolvedStoreOptions {
  dataDir: string;
  pool: SqlitePool | undefined;
  backupsToKeep: number;
  readersPerUser: number;
  throttle: LoginThrottleOptions;
  unlockConcurrency: ResolvedUnlockConcurrency;
  onWarning: (message: string) => void;
  onError: (error: unknown) => void;
}

/** Validates options at the public boundary (`TypeError` naming the option). */
export function resolveStoreOptions(options: SqliteStoreOptions): ResolvedStoreOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  if (typeof options.dataDir !== 'string' || options.dataDir === '') {
    throw new TypeError('options.dataDir must be a non-empty string');
  }
  const backupsToKeep = options.backupsToKeep ?? 5;
  if (!Number.isInteger(backupsToKeep) || backupsToKeep < 1) {
    throw new TypeError('options.backupsToKeep must be a positive integer');
  }
  const readersPerUser = options.readersPerUser ?? 1;
  if (!Number.isInteger(readersPerUser) || readersPerUser < 1) {
    throw new TypeError('options.readersPerUser must be a positive integer');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new TypeError('options.onError must be a function');
  }
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new TypeError('options.onWarning must be a function');
  }
  return {
    dataDir: options.dataDir,
    pool: options.pool,
    backupsToKeep,
    readersPerUser,
    throttle: options.throttle ?? {},
    unlockConcurrency: resolveUnlockConcurrency(options.unlockConcurrency),
    onWarning: options.onWarning ?? ((message) => process.emitWarning(message, 'CofferDbWarning')),
    onError:
      options.onError ??
      ((error) =>
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'CofferDbWarning')),
  };
}
