import { copyFile, rm } from 'node:fs/promises';
import { createSqlitePool, type SqliteDatabase, type SqlitePool } from '@coffer/sqlite-worker';
import type { Kysely } from 'kysely';
import {
  InvalidInputError,
  LedgerLockedError,
  NotFoundError,
  StoreClosedError,
  UnknownUserError,
  UsernameTakenError,
  WrongPasswordError,
} from './errors.js';
import { type BackupInfo, backupPath, listBackupFiles, writeBackup } from './files/backup-files.js';
import { DataDir } from './files/data-dir.js';
import { exists, removeDatabaseFiles, restoreDatabaseFile } from './files/file-ops.js';
import { createPrivateFile, preparePrivateDataDir } from './files/private-files.js';
import { OpenLedger } from './ledger/open-ledger.js';
import { isUniqueViolation } from './ledger/translate-error.js';
import { LedgerHandle, type UserLedger } from './ledger/user-ledger.js';
import type { LedgerStore } from './ledger-store-interface.js';
import {
  type LedgerStoreOptions,
  type PostgresStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
  type SqliteStoreOptions,
} from './ledger-store-options.js';
import { assertNewPassword, normalizeOfferedPassword, normalizeUsername } from './registry/credentials.js';
import { createLoginThrottle, type LoginDecision } from './registry/login-throttle.js';
import { openGlobalDatabase } from './registry/open-registry-database.js';
import type { GlobalDatabase } from './registry/registry-schema.js';
import { createSettingsStore, type SettingsStore } from './registry/settings.js';
import {
  newUserRow,
  toUserInfo,
  type UserInfo,
  UserRegistry,
  type UserRow,
} from './registry/user-registry.js';
import { latestSeq } from './repositories/change-log-repository.js';
import type { SharedLedgerStore } from './shared-ledger-store.js';

export type { LedgerStore } from './ledger-store-interface.js';

import { appendResetEntry } from './sqlite-only/change-log-reset.js';
import { LoginGuard, type UnlockOptions } from './unlock/login-guard.js';
import { UnlockDecoy } from './unlock/unlock-decoy.js';
import { UnlockGate } from './unlock/unlock-gate.js';
import {
  openUserDatabase,
  openWithPassword,
  passwordOpens,
  recoverInterruptedRekey,
} from './user-database/open-user-database.js';

/**
 * Opens (creating and migrating if needed) the store and returns it. `{ dataDir }` is the
 * zero-config SQLite backend (one SQLCipher file per user); `{ backend: { kind: 'postgres', url } }`
 * shares one PostgreSQL database between any number of store instances (and returns a
 * {@link SharedLedgerStore}); `{ backend: { kind: 'pglite' } }` runs the same PostgreSQL code on an
 * embedded PGlite.
 *
 * ```ts
 * const store = await createLedgerStore({ dataDir: './data' });
 * const ledger = await store.createUser('alice', 'correct horse battery');
 * const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
 * await ledger.entries.create({ accountId: cash.id, date: '2025-01-31', amount: -450, payee: 'Bakery' });
 * await store.lock(ledger);
 * await store.close();
 * ```
 */
export function createLedgerStore(options: PostgresStoreOptions): Promise<SharedLedgerStore>;
export function createLedgerStore(options: SqliteStoreOptions): Promise<LedgerStore>;
export function createLedgerStore(options: LedgerStoreOptions): Promise<LedgerStore>;
export async function createLedgerStore(options: LedgerStoreOptions): Promise<LedgerStore> {
  if (typeof options === 'object' && options !== null && options.backend !== undefined) {
    if (options.dataDir !== undefined) throw new TypeError('pass either options.dataDir or options.backend');
    // Loaded on demand: a SQLite deployment never loads `pg` or PGlite.
    const { createPostgresLedgerStore } = await import('./postgres-only/postgres-ledger-store.js');
    return createPostgresLedgerStore(options);
  }
  return createSqliteLedgerStore(options as SqliteStoreOptions);
}

async function createSqliteLedgerStore(options: SqliteStoreOptions): Promise<LedgerStore> {
  const resolved = resolveStoreOptions(options);
  const dataDir = new DataDir(resolved.dataDir);
  await preparePrivateDataDir(dataDir.root, dataDir.usersDir, resolved.onWarning);
  const pool = resolved.pool ?? createSqlitePool();
  try {
    const global = await openGlobalDatabase(pool, dataDir);
    return new Store(resolved, dataDir, pool, global);
  } catch (error) {
    if (!resolved.pool) await pool.close();
    throw error;
  }
}

class Store implements LedgerStore {
  readonly backend = 'sqlite';
  readonly settings: SettingsStore;
  readonly #options: ResolvedStoreOptions;
  readonly #dir: DataDir;
  readonly #pool: SqlitePool;
  readonly #global: { database: SqliteDatabase; db: Kysely<GlobalDatabase> };
  readonly #registry: UserRegistry;
  readonly #throttle;
  /** Every password key derivation (unlock, createUser, changePassword, restoreBackup) holds a slot. */
  readonly #gate: UnlockGate;
  readonly #guard: LoginGuard;
  readonly #decoy: UnlockDecoy;
  readonly #open = new Map<string, OpenLedger>();
  readonly #queues = new Map<string, Promise<unknown>>();
  #closing: Promise<void> | null = null;

  constructor(
    options: ResolvedStoreOptions,
    dir: DataDir,
    pool: SqlitePool,
    global: { database: SqliteDatabase; db: Kysely<GlobalDatabase> },
  ) {
    this.#options = options;
    this.#dir = dir;
    this.#pool = pool;
    this.#global = global;
    this.#registry = new UserRegistry(global.db);
    this.#throttle = createLoginThrottle(global.db, options.throttle);
    this.#gate = new UnlockGate(options.unlockConcurrency);
    this.#guard = new LoginGuard(this.#throttle, this.#gate);
    this.#decoy = new UnlockDecoy(pool, dir.unlockDecoy);
    this.settings = createSettingsStore(global.db);
  }

  async createUser(username: string, password: string): Promise<UserLedger> {
    this.#assertOpen();
    const name = normalizeUsername(username);
    const secret = assertNewPassword(password);
    // Registration is open to anyone: it derives keys under the same gate as `unlock`.
    return this.#gate.run(name, async () => {
      if (await this.#registry.find(name)) throw new UsernameTakenError(name);
      const row = newUserRow(name);
      row.db_file = `${row.id}.db`;
      return this.#serial(row.id, async () => {
        const ledger = await this.#openLedger(row, secret, { create: true });
        try {
          await this.#registry.insert(row);
        } catch (error) {
          await ledger.close();
          await removeDatabaseFiles(this.#dir.userDb(row.id));
          this.#open.delete(row.id);
          throw isUniqueViolation(error) ? new UsernameTakenError(name, { cause: error }) : error;
        }
        return new LedgerHandle(ledger, toUserInfo(row));
      });
    });
  }

  async unlock(username: string, password: string, options?: UnlockOptions): Promise<UserLedger> {
    this.#assertOpen();
    const name = normalizeUsername(username);
    const secret = normalizeOfferedPassword(password);
    return this.#guard.run(name, options, async () => {
      const row = await this.#registry.find(name);
      if (!row) {
        await this.#decoy.spend(secret);
        throw new UnknownUserError();
      }
      return this.#serial(row.id, async () => {
        let ledger = this.#open.get(row.id);
        if (ledger) {
          // Already open for another session: the password must still be proven.
          if (!(await passwordOpens(this.#pool, this.#dir.userDb(row.id), secret)))
            throw new WrongPasswordError();
        } else {
          ledger = await this.#openLedger(row, secret);
        }
        const at = Date.now();
        await this.#registry.touchLogin(row.id, at);
        return new LedgerHandle(ledger, toUserInfo({ ...row, last_login_at: at }));
      });
    });
  }

  async lock(handle: UserLedger): Promise<void> {
    const ledger = asHandle(handle).ledger;
    asHandle(handle).invalidate();
    await this.#serial(ledger.userId, async () => {
      if (ledger.handles.size === 0 && this.#open.get(ledger.userId) === ledger) {
        this.#open.delete(ledger.userId);
        await ledger.close();
      }
    });
  }

  async changePassword(handle: UserLedger, oldPassword: string, newPassword: string): Promise<void> {
    const ledger = this.#ledgerOf(handle);
    const oldSecret = normalizeOfferedPassword(oldPassword);
    const newSecret = assertNewPassword(newPassword);
    const id = ledger.userId;
    const run = () =>
      this.#serial(id, async () => {
        if (!(await passwordOpens(this.#pool, this.#dir.userDb(id), oldSecret)))
          throw new WrongPasswordError();
        // Crash safety: a copy under the old password, recorded before the rekey starts. A crash
        // before the record leaves a copy that `unlock` deletes (the main file was not touched yet).
        const copy = this.#dir.preRekey(id);
        await removeDatabaseFiles(copy);
        await createPrivateFile(copy);
        await ledger.database.backup(copy);
        await this.#registry.setPendingRekey(id, copy);
        await ledger.database.rekey({ passphrase: newSecret });
        await ledger.database.checkpoint();
        await this.#rekeyBackups(id, oldSecret, newSecret);
        await this.#registry.setPendingRekey(id, null);
        // The copy is readable with the old password: never keep it once the change is done.
        await removeDatabaseFiles(copy);
      });
    await this.#gate.run(handle.user.username, run);
  }

  async checkpoint(handle: UserLedger): Promise<void> {
    const ledger = this.#ledgerOf(handle);
    await this.#serial(ledger.userId, () => ledger.database.checkpoint());
  }

  async deleteUser(handle: UserLedger): Promise<void> {
    const ledger = this.#ledgerOf(handle);
    const id = ledger.userId;
    await this.#serial(id, async () => {
      this.#open.delete(id);
      await ledger.close();
      await this.#registry.delete(id);
      await removeDatabaseFiles(this.#dir.userDb(id));
      await Promise.all(
        [this.#dir.preMigration(id), this.#dir.preRekey(id), `${this.#dir.userDb(id)}.restoring`].map(
          removeDatabaseFiles,
        ),
      );
      await rm(this.#dir.backupsDir(id), { recursive: true, force: true });
    });
  }

  async backup(handle: UserLedger): Promise<BackupInfo> {
    const ledger = this.#ledgerOf(handle);
    return writeBackup(ledger.database, this.#dir.backupsDir(ledger.userId), this.#options.backupsToKeep);
  }

  async listBackups(handle: UserLedger): Promise<BackupInfo[]> {
    return listBackupFiles(this.#dir.backupsDir(this.#ledgerOf(handle).userId));
  }

  async restoreBackup(handle: UserLedger, backupId: string, password: string): Promise<UserLedger> {
    const ledger = this.#ledgerOf(handle);
    const id = ledger.userId;
    const source = backupPath(this.#dir.backupsDir(id), backupId);
    const secret = normalizeOfferedPassword(password);
    const run = async () => {
      if (!(await exists(source))) throw new NotFoundError('backup', backupId);
      return this.#serial(id, async () => {
        if (!(await passwordOpens(this.#pool, source, secret))) throw new WrongPasswordError();
        const row = await this.#registry.findById(id);
        if (!row) throw new UnknownUserError();
        const previousMax = await latestSeq(ledger.db);
        this.#open.delete(id);
        await ledger.close();
        const path = this.#dir.userDb(id);
        await copyFile(source, `${path}.restoring`);
        await restoreDatabaseFile(`${path}.restoring`, path);
        const restored = await this.#openLedger(row, secret);
        await appendResetEntry(restored.db, previousMax);
        return new LedgerHandle(restored, toUserInfo(row));
      });
    };
    return this.#gate.run(handle.user.username, run);
  }

  async getUser(username: string): Promise<UserInfo | undefined> {
    this.#assertOpen();
    const row = await this.#registry.find(normalizeUsername(username));
    return row && toUserInfo(row);
  }

  loginAllowed(key: string): Promise<LoginDecision> {
    this.#assertOpen();
    return this.#throttle.loginAllowed(key);
  }

  recordLoginFailure(key: string): Promise<LoginDecision> {
    this.#assertOpen();
    return this.#throttle.recordLoginFailure(key);
  }

  recordLoginSuccess(key: string): Promise<void> {
    this.#assertOpen();
    return this.#throttle.recordLoginSuccess(key);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#queues.values()]);
      const ledgers = [...this.#open.values()];
      this.#open.clear();
      await Promise.all(ledgers.map((ledger) => ledger.close()));
      await this.#global.database.close();
      if (!this.#options.pool) await this.#pool.close();
    })();
    return this.#closing;
  }

  /** Opens, recovers and migrates a user database and registers it as open. */
  async #openLedger(row: UserRow, password: string, options: { create?: boolean } = {}): Promise<OpenLedger> {
    const base = {
      pool: this.#pool,
      dataDir: this.#dir,
      userId: row.id,
      password,
      create: options.create ?? false,
    };
    const copyPath = this.#dir.preRekey(row.id);
    // Read the marker afresh: `row` may predate a password change that ran while this call queued.
    const pending = options.create
      ? null
      : ((await this.#registry.findById(row.id))?.pending_rekey_backup ?? null);
    if (pending !== null) {
      if (!(await recoverInterruptedRekey({ ...base, readers: 1, copyPath }))) throw new WrongPasswordError();
      await this.#registry.setPendingRekey(row.id, null);
      await removeDatabaseFiles(copyPath);
    } else if (!options.create) {
      // No rekey recorded: a copy here is from a crash while it was being written, before the
      // rekey started, so the main file is whole under the current password and the copy is spare.
      await removeDatabaseFiles(copyPath);
    }
    if (options.create) await createPrivateFile(this.#dir.userDb(row.id));
    const opened = await openUserDatabase({ ...base, readers: this.#options.readersPerUser });
    const ledger = await OpenLedger.create(row.id, opened, this.#options.onError);
    this.#open.set(row.id, ledger);
    return ledger;
  }

  /** Re-encrypts every backup under the new password; one that the old password cannot open is dropped. */
  async #rekeyBackups(userId: string, oldPassword: string, newPassword: string): Promise<void> {
    const dir = this.#dir.backupsDir(userId);
    for (const backup of await listBackupFiles(dir)) {
      const path = backupPath(dir, backup.id);
      let database: SqliteDatabase;
      try {
        database = await openWithPassword(this.#pool, path, { password: oldPassword, readers: 1 });
      } catch (error) {
        if (!(error instanceof WrongPasswordError)) throw error;
        await rm(path, { force: true });
        continue;
      }
      try {
        await database.rekey({ passphrase: newPassword });
      } finally {
        await database.close();
      }
    }
  }

  #ledgerOf(handle: UserLedger): OpenLedger {
    this.#assertOpen();
    const ledgerHandle = asHandle(handle);
    if (ledgerHandle.locked) throw new LedgerLockedError();
    return ledgerHandle.ledger;
  }

  /** Runs lifecycle work for one user strictly one after another. */
  #serial<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(userId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(userId, settled);
    void settled.then(() => {
      if (this.#queues.get(userId) === settled) this.#queues.delete(userId);
    });
    return next;
  }

  #assertOpen(): void {
    if (this.#closing) throw new StoreClosedError();
  }
}

function asHandle(handle: UserLedger): LedgerHandle {
  if (!(handle instanceof LedgerHandle))
    throw new InvalidInputError('ledger', 'must be a handle returned by this store');
  return handle;
}
