import type { ChangeListener } from '../ledger/change-notifier.js';
import { HandleLease } from '../ledger/handle-lease.js';
import type { UserLedger } from '../ledger/user-ledger.js';
import type { UserInfo } from '../registry/user-registry.js';
import type { AccountsRepository } from '../repositories/accounts-repository.js';
import type { ChangeLogRepository } from '../repositories/change-log-repository.js';
import type { EntriesRepository } from '../repositories/entries-repository.js';
import type { ImportsRepository } from '../repositories/imports-repository.js';
import type { ReportsRepository } from '../repositories/reports-repository.js';
import type { LedgerCipher } from './ledger-cipher.js';
import { createPgAccountsRepository } from './pg-accounts-repository.js';
import { ChangeRecorder } from './pg-change-log.js';
import { createPgChangeLogRepository } from './pg-change-log-repository.js';
import { createPgEntriesRepository } from './pg-entries-repository.js';
import { createPgImportsRepository } from './pg-imports-repository.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import type { PgOpenLedger } from './pg-open-ledger.js';
import { createPgReportsRepository } from './pg-reports-repository.js';

/** A `UserLedger` on PostgreSQL: a lease on a {@link PgOpenLedger}. */
export class PgLedgerHandle implements UserLedger {
  readonly user: UserInfo;
  readonly accounts: AccountsRepository;
  readonly entries: EntriesRepository;
  readonly reports: ReportsRepository;
  readonly imports: ImportsRepository;
  readonly changes: ChangeLogRepository;
  readonly #ledger: PgOpenLedger;
  readonly #lease = new HandleLease();

  constructor(ledger: PgOpenLedger, user: UserInfo) {
    this.#ledger = ledger;
    this.user = user;
    const assertUnlocked = () => this.#lease.assertActive();
    const { scope, userId } = ledger;
    const ctx: PgLedgerContext = {
      userId,
      get cipher(): LedgerCipher {
        assertUnlocked();
        return ledger.cipher;
      },
      read(work) {
        assertUnlocked();
        return scope.run(work);
      },
      readOne(work) {
        assertUnlocked();
        return scope.runOne(work);
      },
      async write(work) {
        assertUnlocked();
        const changes = new ChangeRecorder();
        const result = await scope.run(async (trx) => {
          const value = await work(trx, changes);
          await changes.flush(trx, ledger.cipher);
          return value;
        });
        if (changes.size > 0) ledger.notifier.poke();
        return result;
      },
    };
    this.accounts = createPgAccountsRepository(ctx);
    this.entries = createPgEntriesRepository(ctx);
    this.reports = createPgReportsRepository(ctx);
    this.imports = createPgImportsRepository(ctx);
    this.changes = createPgChangeLogRepository(ctx, (listener) => this.onChange(listener));
    ledger.handles.add(this);
  }

  get locked(): boolean {
    return this.#lease.ended;
  }

  /** The shared open ledger (for the store). */
  get ledger(): PgOpenLedger {
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
