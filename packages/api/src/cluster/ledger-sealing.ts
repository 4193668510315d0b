import type { UserLedger } from '@coffer/db';

/**
 * What the PostgreSQL store offers for sharing a user's unlocked ledger between instances: the
 * user's data key sealed under a secret (AES-GCM under HKDF(secret)), and the inverse. Declared
 * structurally so the API depends on the two methods, not on the store's backend.
 */
export interface LedgerSealing {
  /** The user's data key, sealed under `secret` (a bearer token, or the cluster secret). */
  sealLedgerKey(ledger: UserLedger, secret: string): Promise<string>;
  /** Opens a sealed key (throws `SealedKeyInvalidError` if `secret` does not open it) and returns the ledger. */
  openSealedLedger(userId: string, sealed: string, secret: string): Promise<UserLedger>;
}
