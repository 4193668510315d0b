/**
 * PostgreSQL-only: a data key sealed under a session secret (see `SharedLedgerStore`):
 * `0x01 ‖ nonce(12) ‖ AES-256-GCM(HKDF-SHA256(secret, salt = userId, info), dataKey)(32) ‖ tag(16)`,
 * with the user id as associated data.
 */
import { InvalidInputError, SealedKeyInvalidError } from '../errors.js';
import { MIN_SEAL_SECRET_BYTES } from '../shared-ledger-store.js';
import { deriveSubkey, KEY_BYTES, openBytes, sealBytes } from './ledger-keys.js';

const VERSION = 0x01;
const INFO = 'coffer/sealed-ledger-key/v1';

function sealingKey(userId: string, secret: Uint8Array): Buffer {
  if (!(secret instanceof Uint8Array) || secret.length < MIN_SEAL_SECRET_BYTES) {
    throw new InvalidInputError('secret', `must be a Uint8Array of at least ${MIN_SEAL_SECRET_BYTES} bytes`);
  }
  return deriveSubkey(secret, userId, INFO);
}

/** Seals `dataKey` of `userId` under `secret`. */
export function sealDataKey(userId: string, dataKey: Uint8Array, secret: Uint8Array): Uint8Array {
  const sealed = sealBytes(sealingKey(userId, secret), dataKey, Buffer.from(userId));
  return new Uint8Array(Buffer.concat([Buffer.of(VERSION), sealed]));
}

/** Opens a sealed key; `SealedKeyInvalidError` for a wrong secret, user or damaged bytes. */
export function openSealedDataKey(userId: string, sealed: Uint8Array, secret: Uint8Array): Buffer {
  const key = sealingKey(userId, secret);
  if (!(sealed instanceof Uint8Array) || sealed[0] !== VERSION) throw new SealedKeyInvalidError();
  try {
    const dataKey = openBytes(key, sealed.subarray(1), Buffer.from(userId));
    if (dataKey.length !== KEY_BYTES) throw new RangeError('sealed key has the wrong length');
    return dataKey;
  } catch (error) {
    throw new SealedKeyInvalidError({ cause: error });
  }
}
