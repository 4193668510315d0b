import type { UserLedger } from './ledger/user-ledger.js';
import type { LedgerStore } from './ledger-store-interface.js';

/** Shortest `secret` accepted by {@link SharedLedgerStore.sealLedgerKey} (bytes). */
export const MIN_SEAL_SECRET_BYTES = 16;

/**
 * A store whose ledgers any process on the same database can open without the password: the
 * PostgreSQL backends (`{ backend: { kind: 'postgres' | 'pglite' } }`). The SQLite backend is not
 * one (its key is the SQLCipher passphrase, which it never hands out); test with
 * {@link isSharedLedgerStore}.
 *
 * The contract a session layer builds on (e.g. one PostgreSQL session table for N instances):
 *
 * 1. After `unlock`, call `sealLedgerKey(ledger, token)` with the bearer token's bytes as `secret`
 *    and store only `(sha256(token), sealed)`; never the token, never the data key.
 * 2. On any instance, a request bearing `token` looks up the row by `sha256(token)` and calls
 *    `openSealedLedger(userId, sealed, token)`: a `UserLedger` as if unlocked with the password.
 * 3. Deleting the row (logout, expiry) makes the sealed key useless to anyone without the token;
 *    a database dump alone (rows, sealed keys, token hashes) opens nothing.
 *
 * Cryptography: `sealed` = the user's random 256-bit data key encrypted with AES-256-GCM under
 * `HKDF-SHA256(ikm = secret, salt = userId, info = "coffer/sealed-ledger-key/v1")`, a random
 * 96-bit nonce and the user id as associated data; format `0x01 ‖ nonce(12) ‖ ciphertext(32) ‖
 * tag(16)` (61 bytes). HKDF is fast on purpose: `secret` must itself carry ≥ 128 bits of
 * entropy (a random token), never a password.
 */
export interface SharedLedgerStore extends LedgerStore {
  /**
   * Seals the data key of an unlocked ledger under `secret` (≥ {@link MIN_SEAL_SECRET_BYTES}
   * bytes, else `InvalidInputError`). `LedgerLockedError` for a locked handle. The sealed key
   * stays valid across `changePassword` (which re-wraps the data key only) and dies with
   * `deleteUser`.
   */
  sealLedgerKey(ledger: UserLedger, secret: Uint8Array): Promise<Uint8Array>;
  /**
   * Opens `userId`'s ledger from a key sealed by `sealLedgerKey` (on any store instance on the
   * same database). A wrong secret, another user's sealed key or damaged bytes are
   * `SealedKeyInvalidError`; a user that no longer exists is `UnknownUserError`. No password KDF
   * runs (cost: one HKDF and one AES-GCM open), and no login throttling applies: the secret is
   * the credential. `store.lock(handle)` forgets the key in that handle.
   */
  openSealedLedger(userId: string, sealed: Uint8Array, secret: Uint8Array): Promise<UserLedger>;
}

/** True when `store` offers {@link SharedLedgerStore}'s sealed keys (the PostgreSQL backends). */
export function isSharedLedgerStore(store: LedgerStore): store is SharedLedgerStore {
  return (
    typeof (store as Partial<SharedLedgerStore>).sealLedgerKey === 'function' &&
    typeof (store as Partial<SharedLedgerStore>).openSealedLedger === 'function'
  );
}
