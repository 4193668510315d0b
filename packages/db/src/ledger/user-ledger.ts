import type { SqliteDatabase } from '@coffer/sqlite-worker';
import type { Kysely } from 'kysely';
import type { UserInfo } from '../registry/user-registry.js';
import { type AccountsRepository, createAccountsRepository } from '../repositories/accounts-repository.js';
import {
  type ChangeLogRepository,
  createChangeLogRepository,
} from '../repositories/change-log-repository.js';
import { createEntriesRepository, type EntriesRepository } from '../repositories/entries-repository.js';
import { createImportsRepository, type ImportsRepository } from '../repositories/imports-repository.js';
import { createReportsRepository, type ReportsRepository } from '../repositories/reports-repository.js';
import type { UserDatabase } from '../user-database/user-schema.js';
import type { ChangeListener } from './change-notifier.js';
import { HandleLease } from './handle-lease.js';
import type { LedgerContext } from './ledger-context.js';
import type { OpenLedger } from './open-ledger.js';

/**
 * An unlocked user's ledger. Every repository reads and writes only this user's encrypted
 * database; after `lock` (or `deleteUser`/`restoreBackup`) every call throws `LedgerLockedError`.
 */
export interface UserLedger {
  /** Who this ledger belongs to. */
  readonly user: UserInfo;
  /** True once locked; every repository call then throws `LedgerLockedError`. */
  readonly locked: boolean;
  readonly accounts: AccountsRepository;
  readonly entries: EntriesRepository;
  readonly reports: ReportsRepository;
  readonly imports: ImportsRepository;
  readonly changes: ChangeLogRepository;
  /**
   * Calls `listener` with the change-log entries of every write committed through this package
   * for this user (from any handle), in `seq` order, read from the log after commit. Returns
   * the unsubscribe function. Listeners must not throw (errors go to the store's `onError`).
   */
  onChange(listener: ChangeListener): () => void;
}

/** The handle implementation: a lease on an {@link OpenLedger}. */
export class LedgerHandle implements UserLedger {
  readonly user: UserInfo;
  readonly accounts: AccountsRepository;
  readonly entries: EntriesRepository;
  readonly reports: ReportsRepository;
  readonly imports: ImportsRepository;
  readonly changes: ChangeLogRepository;
  readonly #ledger: OpenLedger;
  readonly #lease = new HandleLease();

  constructor(ledger: OpenLedger, user: UserInfo) {
    this.#ledger = ledger;
    this.user = user;
    const assertUnlocked = () => this.#lease.assertActive();
    const ctx: LedgerContext = {
      get db(): Kysely<UserDatabase> {
        assertUnlocked();
        return ledger.db;
      },
      get database(): SqliteDatabase {
        assertUnlocked();
        return ledger.database;
      },
      committed: () => ledger.notifier.poke(),
    };
    this.accounts = createAccountsRepository(ctx);
    this.entries = createEntriesRepository(ctx);
    this.reports = createReportsRepository(ctx);
    this.imports = createImportsRepository(ctx);
    this.changes = createChangeLogRepository(ctx, (listener) => this.onChange(listener));
    ledger.handles.add(this);
  }

  get locked(): boolean {
    return this.#lease.ended;
  }

  /** The shared open ledger (for the store). */
  get ledger(): OpenLedger {
    return this.#ledger;
  }

  onChange(listener: ChangeListener): () => void {
    return this.#lease.subscribe(this.#ledger.notifier, listener);
  }

  /** Locks this handle only: drops its listeners and its lease. */
  invalidate(): void {
    if (this.#lease.end()) this.#ledger.handles.delete(this);
  }
}
