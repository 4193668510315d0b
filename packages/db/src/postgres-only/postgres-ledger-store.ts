import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  InvalidInputError,
  LedgerLockedError,
  StoreClosedError,
  UnknownUserError,
  UnsupportedByBackendError,
  UsernameTakenError,
  WrongPasswordError,
} from '../errors.js';
import type { BackupInfo } from '../files/backup-files.js';
import type { UserLedger } from '../ledger/user-ledger.js';
import type { PostgresStoreOptions } from '../ledger-store-options.js';
import { assertNewPassword, normalizeOfferedPassword, normalizeUsername } from '../registry/credentials.js';
import { createLoginThrottle, type LoginDecision, type LoginThrottle } from '../registry/login-throttle.js';
import type { GlobalDatabase } from '../registry/registry-schema.js';
import { createSettingsStore, type SettingsStore } from '../registry/settings.js';
import { newUserRow, toUserInfo, type UserInfo, UserRegistry } from '../registry/user-registry.js';
import type { SharedLedgerStore } from '../shared-ledger-store.js';
import { LoginGuard, type UnlockOptions } from '../unlock/login-guard.js';
import { resolveUnlockConcurrency, UnlockGate } from '../unlock/unlock-gate.js';
import {
  deriveWrappingKey,
  newLedgerSecrets,
  unwrapDataKey,
  type WrappedDataKey,
  wrapDataKey,
} from './ledger-keys.js';
import { openPgBackend, type PgBackend } from './pg-backend.js';
import { CHANGES_CHANNEL } from './pg-change-log.js';
import { PgLedgerHandle } from './pg-ledger-handle.js';
import { PgOpenLedger } from './pg-open-ledger.js';
import type { PgDatabase } from './pg-schema.js';
import { openSealedDataKey, sealDataKey } from './sealed-ledger-key.js';
import { isPgUniqueViolation, scopeToUser } from './user-scope.js';

/** Opens (creating and migrating if needed) the PostgreSQL schema and returns the store. */
export async function createPostgresLedgerStore(options: PostgresStoreOptions): Promise<SharedLedgerStore> {
  const backend = options.backend;
  if (
    typeof backend !== 'object' ||
    backend === null ||
    (backend.kind !== 'postgres' && backend.kind !== 'pglite')
  ) {
    throw new TypeError("options.backend.kind must be 'postgres' or 'pglite'");
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new TypeError('options.onError must be a function');
  }
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'CofferDbWarning'));
  const opened = await openPgBackend(backend, onError);
  const store = new PostgresStore(opened, options, onError);
  try {
    await store.start();
  } catch (error) {
    await opened.close();
    throw error;
  }
  return store;
}

class PostgresStore implements SharedLedgerStore {
  readonly backend: 'postgres' | 'pglite';
  readonly settings: SettingsStore;
  readonly #pg: PgBackend;
  readonly #db: Kysely<PgDatabase>;
  readonly #registry: UserRegistry;
  readonly #throttle: LoginThrottle;
  /** Every password key derivation (unlock, createUser, changePassword) holds a slot. */
  readonly #gate: UnlockGate;
  readonly #guard: LoginGuard;
  readonly #onError: (error: unknown) => void;
  readonly #open = new Map<string, PgOpenLedger>();
  readonly #opening = new Map<string, Promise<PgOpenLedger>>();
  #unlisten: (() => Promise<void>) | null = null;
  #closing: Promise<void> | null = null;

  constructor(pg: PgBackend, options: PostgresStoreOptions, onError: (error: unknown) => void) {
    this.backend = pg.kind;
    this.#pg = pg;
    this.#db = pg.db;
    // The registry tables have the SQLite global DB's shape: the same code serves both.
    const registryDb = pg.db as unknown as Kysely<GlobalDatabase>;
    this.#registry = new UserRegistry(registryDb);
    this.#throttle = createLoginThrottle(registryDb, options.throttle);
    this.#gate = new UnlockGate(resolveUnlockConcurrency(options.unlockConcurrency));
    this.#guard = new LoginGuard(this.#throttle, this.#gate);
    this.settings = createSettingsStore(registryDb);
    this.#onError = onError;
  }

  /** Starts listening for changes written by any instance. */
  async start(): Promise<void> {
    this.#unlisten = await this.#pg.listen(
      CHANGES_CHANNEL,
      (payload) => {
        const userId = payload.slice(0, payload.indexOf(':'));
        this.#open.get(userId)?.notifier.poke();
      },
      () => {
        // The listening connection was lost and is back: notifications may be missing, re-read all.
        for (const ledger of this.#open.values()) ledger.notifier.poke();
      },
    );
  }

  async createUser(username: string, password: string): Promise<UserLedger> {
    this.#assertOpen();
    const name = normalizeUsername(username);
    const secret = assertNewPassword(password);
    // Registration is open to anyone: it derives keys under the same gate as `unlock`.
    return this.#gate.run(name, async () => {
      if (await this.#registry.find(name)) throw new UsernameTakenError(name);
      const row = newUserRow(name);
      const { dataKey } = newLedgerSecrets();
      const wrapped = await wrapDataKey(row.id, dataKey, secret);
      try {
        await this.#db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values(row).execute();
          await scopeToUser(trx, row.id);
          await trx.insertInto('user_keys').values(keyRow(row.id, wrapped)).execute();
          await trx.insertInto('ledger_heads').values({ user_id: row.id }).execute();
        });
      } catch (error) {
        throw isPgUniqueViolation(error) ? new UsernameTakenError(name, { cause: error }) : error;
      }
      return new PgLedgerHandle(await this.#ledgerFor(row.id, dataKey), toUserInfo(row));
    });
  }

  async unlock(username: string, password: string, options?: UnlockOptions): Promise<UserLedger> {
    this.#assertOpen();
    const name = normalizeUsername(username);
    const secret = normalizeOfferedPassword(password);
    return this.#guard.run(name, options, async () => {
      const row = await this.#registry.find(name);
      if (!row) {
        // Same cost as a wrong password, so timing does not tell which usernames exist.
        await deriveWrappingKey(secret, randomBytes(16));
        throw new UnknownUserError();
      }
      const dataKey = await unwrapDataKey(row.id, await this.#readKeys(row.id), secret);
      if (!dataKey) throw new WrongPasswordError();
      const ledger = await this.#ledgerFor(row.id, dataKey);
      const at = Date.now();
      await this.#registry.touchLogin(row.id, at);
      return new PgLedgerHandle(ledger, toUserInfo({ ...row, last_login_at: at }));
    });
  }

  async sealLedgerKey(handle: UserLedger, secret: Uint8Array): Promise<Uint8Array> {
    const ledger = this.#ledgerOf(handle);
    return sealDataKey(ledger.userId, ledger.dataKey, secret);
  }

  async openSealedLedger(userId: string, sealed: Uint8Array, secret: Uint8Array): Promise<UserLedger> {
    this.#assertOpen();
    if (typeof userId !== 'string' || userId === '')
      throw new InvalidInputError('userId', 'must be a user id');
    const dataKey = openSealedDataKey(userId, sealed, secret);
    const row = await this.#registry.findById(userId);
    if (!row) throw new UnknownUserError();
    return new PgLedgerHandle(await this.#ledgerFor(userId, dataKey), toUserInfo(row));
  }

  async lock(handle: UserLedger): Promise<void> {
    if (!(handle instanceof PgLedgerHandle)) {
      throw new InvalidInputError('ledger', 'must be a handle returned by this store');
    }
    const ledger = handle.ledger;
    handle.invalidate();
    if (ledger.handles.size === 0 && this.#open.get(ledger.userId) === ledger) {
      this.#open.delete(ledger.userId);
      await ledger.close();
    }
  }

  async changePassword(handle: UserLedger, oldPassword: string, newPassword: string): Promise<void> {
    const ledger = this.#ledgerOf(handle);
    const oldSecret = normalizeOfferedPassword(oldPassword);
    const newSecret = assertNewPassword(newPassword);
    await this.#gate.run(handle.user.username, async () => {
      const current = await unwrapDataKey(ledger.userId, await this.#readKeys(ledger.userId), oldSecret);
      if (!current) throw new WrongPasswordError();
      // Only the wrapping changes: one row, no data re-encrypted, sealed session keys stay valid.
      const wrapped = await wrapDataKey(ledger.userId, current, newSecret);
      current.fill(0);
      await ledger.scope.run((trx) =>
        trx
          .updateTable('user_keys')
          .set({ kdf_salt: wrapped.salt, kdf_iterations: wrapped.iterations, wrapped_key: wrapped.wrapped })
          .where('user_id', '=', ledger.userId)
          .execute(),
      );
    });
  }

  async deleteUser(handle: UserLedger): Promise<void> {
    const ledger = this.#ledgerOf(handle);
    this.#open.delete(ledger.userId);
    await ledger.close();
    // Every ledger row references the user: ON DELETE CASCADE removes them in this statement.
    await this.#registry.delete(ledger.userId);
  }

  async backup(handle: UserLedger): Promise<BackupInfo> {
    this.#ledgerOf(handle);
    throw new UnsupportedByBackendError('backup', this.backend);
  }

  async listBackups(handle: UserLedger): Promise<BackupInfo[]> {
    this.#ledgerOf(handle);
    throw new UnsupportedByBackendError('listBackups', this.backend);
  }

  async restoreBackup(handle: UserLedger): Promise<UserLedger> {
    this.#ledgerOf(handle);
    throw new UnsupportedByBackendError('restoreBackup', this.backend);
  }

  async checkpoint(handle: UserLedger): Promise<void> {
    this.#ledgerOf(handle); // PostgreSQL checkpoints on its own.
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
      await Promise.allSettled([...this.#opening.values()]);
      const ledgers = [...this.#open.values()];
      this.#open.clear();
      await Promise.all(ledgers.map((ledger) => ledger.close()));
      await this.#unlisten?.();
      await this.#pg.close();
    })();
    return this.#closing;
  }

  async #readKeys(userId: string): Promise<WrappedDataKey> {
    const row = await this.#pg
      .scope(userId)
      .run((trx) => trx.selectFrom('user_keys').selectAll().where('user_id', '=', userId).executeTakeFirst());
    if (!row) throw new UnknownUserError();
    return { salt: row.kdf_salt, iterations: row.kdf_iterations, wrapped: row.wrapped_key };
  }

  /** The open ledger of `userId` on this instance (one per user, shared by its handles). */
  async #ledgerFor(userId: string, dataKey: Buffer): Promise<PgOpenLedger> {
    const open = this.#open.get(userId);
    if (open && !open.closed) {
      dataKey.fill(0); // the open ledger holds its own copy
      return open;
    }
    let opening = this.#opening.get(userId);
    if (opening) {
      dataKey.fill(0);
    } else {
      opening = PgOpenLedger.open(this.#pg.scope(userId), userId, dataKey, this.#onError).then((ledger) => {
        this.#open.set(userId, ledger);
        return ledger;
      });
      this.#opening.set(userId, opening);
      void opening.then(
        () => this.#opening.delete(userId),
        () => this.#opening.delete(userId),
      );
    }
    return opening;
  }

  #ledgerOf(handle: UserLedger): PgOpenLedger {
    this.#assertOpen();
    if (!(handle instanceof PgLedgerHandle)) {
      throw new InvalidInputError('ledger', 'must be a handle returned by this store');
    }
    if (handle.locked) throw new LedgerLockedError();
    return handle.ledger;
  }

  #assertOpen(): void {
    if (this.#closing) throw new StoreClosedError();
  }
}

function keyRow(userId: string, wrapped: WrappedDataKey) {
  return {
    user_id: userId,
    kdf_salt: wrapped.salt,
    kdf_iterations: wrapped.iterations,
    wrapped_key: wrapped.wrapped,
  };
}
