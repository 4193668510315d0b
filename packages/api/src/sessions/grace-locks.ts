import type { LedgerStore, UserLedger } from '@coffer/db';

/**
 * Ledger locks deferred by a grace period, shared by both session registries: a session's end
 * schedules `store.lock(ledger)`, so a user who logs in again at once finds the ledger still open.
 */
export interface GraceLocks {
  /** Locks `ledger` now; a failure goes to `onError`. */
  lockNow(ledger: UserLedger): Promise<void>;
  /** Locks `ledger` once the grace period has passed. */
  schedule(ledger: UserLedger): void;
  /** Cancels every wait and locks the waiting ledgers now. */
  flush(): Promise<void>;
}

/** Builds the {@link GraceLocks} of one registry over `store`. */
export function createGraceLocks(
  store: Pick<LedgerStore, 'lock'>,
  graceMs: number,
  onError: (error: unknown) => void,
): GraceLocks {
  const pending = new Map<UserLedger, NodeJS.Timeout>();
  const lockNow = (ledger: UserLedger) => store.lock(ledger).catch(onError);
  return {
    lockNow,
    schedule(ledger) {
      const timer = setTimeout(() => {
        pending.delete(ledger);
        void lockNow(ledger);
      }, graceMs);
      timer.unref();
      pending.set(ledger, timer);
    },
    async flush() {
      const ledgers = [...pending.keys()];
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      await Promise.all(ledgers.map(lockNow));
    },
  };
}
