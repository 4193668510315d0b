/**
 * PostgreSQL-only: the keys of one user's ledger. A random 256-bit data key encrypts the
 * sensitive text columns; it is stored only wrapped (AES-256-GCM) under a key derived from the
 * password with SQLCipher 4's KDF cost (PBKDF2-HMAC-SHA512, 256 000 iterations), and held in
 * memory only while a handle of the user is unlocked. See docs/security.md.
 */
import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** SQLCipher 4's default KDF cost, so a PostgreSQL ledger resists guessing like a SQLite one. */
export const KDF_ITERATIONS = 256_000;
/** Bytes of a key (AES-256, HMAC-SHA256). */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Derives the key-wrapping key from a password (async: runs on libuv's thread pool). */
export function deriveWrappingKey(
  password: string,
  salt: Uint8Array,
  iterations = KDF_ITERATIONS,
): Promise<Buffer> {
  return pbkdf2Async(password, salt, iterations, KEY_BYTES, 'sha512');
}

/** AES-256-GCM seal: `nonce(12) ‖ ciphertext ‖ tag(16)`, with `aad` authenticated alongside. */
export function sealBytes(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens {@link sealBytes}' output; throws (any error) when the key, `aad` or bytes do not match. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new RangeError('sealed value too short');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const body = decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES));
  decipher.final();
  return body;
}

/** HKDF-SHA256 of `ikm` into a 256-bit key for one purpose (`info`). */
export function deriveSubkey(ikm: Uint8Array, salt: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, KEY_BYTES));
}

/** A fresh random data key and KDF salt for a new user. */
export function newLedgerSecrets(): { dataKey: Buffer; salt: Buffer } {
  return { dataKey: randomBytes(KEY_BYTES), salt: randomBytes(16) };
}

/** What the `user_keys` row holds: the data key wrapped under the password-derived key. */
export interface WrappedDataKey {
  salt: Buffer;
  iterations: number;
  wrapped: Buffer;
}

const wrapAad = (userId: string) => Buffer.from(`coffer/wrapped-data-key/v1|${userId}`);

/** Wraps `dataKey` under `password` (fresh salt). */
export async function wrapDataKey(
  userId: string,
  dataKey: Buffer,
  password: string,
): Promise<WrappedDataKey> {
  const salt = randomBytes(16);
  const wrappingKey = await deriveWrappingKey(password, salt);
  return { salt, iterations: KDF_ITERATIONS, wrapped: sealBytes(wrappingKey, dataKey, wrapAad(userId)) };
}

/** Unwraps the data key with `password`; `null` when the password does not fit. */
export async function unwrapDataKey(
  userId: string,
  stored: WrappedDataKey,
  password: string,
): Promise<Buffer | null> {
  const wrappingKey = await deriveWrappingKey(password, stored.salt, stored.iterations);
  try {
    return openBytes(wrappingKey, stored.wrapped, wrapAad(userId));
  } catch {
    return null;
  }
}
