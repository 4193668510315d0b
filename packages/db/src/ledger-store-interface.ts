import type { BackupInfo } from './files/backup-files.js';
import type { UserLedger } from './ledger/user-ledger.js';
import type { LoginDecision } from './registry/login-throttle.js';
import type { SettingsStore } from './registry/settings.js';
import type { UserInfo } from './registry/user-registry.js';
import type { UnlockOptions } from './unlock/login-guard.js';

/** The data layer's composition root: users, their encrypted ledgers, backups and login throttling. */
export interface LedgerStore {
  /**
   * Registers a user and creates their encrypted database; returns it unlocked. Its key derivation
   * is bounded like `unlock`'s (`UnlockBusyError`).
   */
  createUser(username: string, password: string): Promise<UserLedger>;
  /**
   * Opens a user's ledger with their password. Throttled before any key derivation
   * (`LoginThrottledError`) under `user:<username>` plus `options.throttleKeys`; bounded per user
   * and overall (`UnlockBusyError`). `WrongPasswordError` and `UnknownUserError` cost the same
   * time; answer both alike.
   */
  unlock(username: string, password: string, options?: UnlockOptions): Promise<UserLedger>;
  /** Locks a handle; the database closes (key forgotten) when the user's last handle is locked. */
  lock(ledger: UserLedger): Promise<void>;
  /**
   * SQLite: re-encrypts the user's database and backups under a new password (crash-safe, see
   * README). PostgreSQL: re-wraps the user's data key under the new password (one row; no data
   * is re-encrypted). Its key derivations are bounded like `unlock`'s (`UnlockBusyError`).
   */
  changePassword(ledger: UserLedger, oldPassword: string, newPassword: string): Promise<void>;
  /** Deletes the user, their database and backups; every handle of the user is locked. */
  deleteUser(ledger: UserLedger): Promise<void>;
  /**
   * Writes an encrypted backup under the data dir; keeps the newest `backupsToKeep`. SQLite only:
   * on PostgreSQL backups are the database's own (`pg_dump`, base backups + WAL), and this,
   * `listBackups` and `restoreBackup` throw `UnsupportedByBackendError`.
   */
  backup(ledger: UserLedger): Promise<BackupInfo>;
  /** Runs a WAL checkpoint (TRUNCATE) on the user's database (periodic maintenance); a no-op on PostgreSQL. */
  checkpoint(ledger: UserLedger): Promise<void>;
  /** The user's backups, newest first. */
  listBackups(ledger: UserLedger): Promise<BackupInfo[]>;
  /**
   * Replaces the user's ledger with a backup. Every handle of the user is locked; returns a new
   * one. The change log gets a `ledger/reset` entry and earlier seqs are refused (clients resync).
   * Its key derivations are bounded like `unlock`'s (`UnlockBusyError`).
   */
  restoreBackup(ledger: UserLedger, backupId: string, password: string): Promise<UserLedger>;
  /** Registry facts about a user, or `undefined`. */
  getUser(username: string): Promise<UserInfo | undefined>;
  /** May a login keyed by `key` (e.g. username or IP) be attempted now? */
  loginAllowed(key: string): Promise<LoginDecision>;
  /** Records a failed login for `key`; returns whether the next attempt is allowed. */
  recordLoginFailure(key: string): Promise<LoginDecision>;
  /** Forgets failures of `key` after a successful login. */
  recordLoginSuccess(key: string): Promise<void>;
  /** Which backend holds the data. */
  readonly backend: 'sqlite' | 'postgres' | 'pglite';
  /** Server settings (plain global DB: never store secrets there). */
  readonly settings: SettingsStore;
  /** Locks every ledger, closes the global DB and, if the store created it, the pool. Idempotent. */
  close(): Promise<void>;
}
