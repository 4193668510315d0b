/**
 * PostgreSQL-only: encryption of one user's text columns and the keyed blind values used to
 * compare them (equality, search tokens, import fingerprints) without decrypting. Both keys are
 * HKDF subkeys of the user's data key, so one key in memory serves everything.
 */
import { createHmac } from 'node:crypto';
import { deriveSubkey, openBytes, sealBytes } from './ledger-keys.js';

/** Bytes of a blind value (a truncated HMAC-SHA256: 128 bits, collisions negligible per user). */
const BLIND_BYTES = 16;
/**
 * Blind values remembered per open ledger: payees and words repeat, and one HMAC costs a few
 * microseconds (an entry has ~30 tokens). Cleared when full; dropped with the key on lock.
 */
const BLIND_CACHE_SIZE = 20_000;

/** Encrypts, decrypts and blinds the text of one user's ledger. */
export class LedgerCipher {
  readonly userId: string;
  readonly #encKey: Buffer;
  readonly #blindKey: Buffer;
  readonly #aad = new Map<string, Buffer>();
  readonly #blinds = new Map<string, Buffer>();

  constructor(userId: string, dataKey: Uint8Array) {
    this.userId = userId;
    this.#encKey = deriveSubkey(dataKey, userId, 'coffer/column-encryption/v1');
    this.#blindKey = deriveSubkey(dataKey, userId, 'coffer/blind-index/v1');
  }

  /** Encrypts a column value; `column` (e.g. `entries.payee`) is bound in as associated data. */
  encrypt(column: string, text: string): Buffer {
    return sealBytes(this.#encKey, Buffer.from(text, 'utf8'), this.#aadOf(column));
  }

  /** Decrypts a value written by {@link encrypt} for the same column. */
  decrypt(column: string, sealed: Uint8Array): string {
    return openBytes(this.#encKey, sealed, this.#aadOf(column)).toString('utf8');
  }

  /** Encrypts `null` as `null`. */
  encryptNullable(column: string, text: string | null): Buffer | null {
    return text === null ? null : this.encrypt(column, text);
  }

  /** Decrypts `null` as `null`. */
  decryptNullable(column: string, sealed: Uint8Array | null): string | null {
    return sealed === null ? null : this.decrypt(column, sealed);
  }

  /** The keyed blind value of `value` in the namespace `kind` (equal inputs → equal outputs, per user). */
  blind(kind: string, value: string): Buffer {
    const input = `${kind}\u0000${value}`;
    let blinded = this.#blinds.get(input);
    if (!blinded) {
      blinded = createHmac('sha256', this.#blindKey).update(input).digest().subarray(0, BLIND_BYTES);
      if (this.#blinds.size >= BLIND_CACHE_SIZE) this.#blinds.clear();
      this.#blinds.set(input, blinded);
    }
    return blinded;
  }

  /** Keyed hex digest (import fingerprints: same row → same key, unguessable without the data key). */
  keyedDigest(kind: string, value: string): string {
    return createHmac('sha256', this.#blindKey).update(`${kind}\u0000${value}`).digest('base64url');
  }

  /** Overwrites the subkeys with zeros (the ledger was locked); later calls fail to authenticate. */
  forget(): void {
    this.#encKey.fill(0);
    this.#blindKey.fill(0);
    this.#blinds.clear();
  }

  #aadOf(column: string): Buffer {
    let aad = this.#aad.get(column);
    if (!aad) {
      aad = Buffer.from(`${this.userId}|${column}`);
      this.#aad.set(column, aad);
    }
    return aad;
  }
}
