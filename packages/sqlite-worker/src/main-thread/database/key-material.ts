import { pbkdf2, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { EncryptionKey } from '../../types.js';

const pbkdf2Async = promisify(pbkdf2);

/** SQLCipher 4 KDF parameters. */
const KDF_ITERATIONS = 256_000;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/**
 * Turns a key into the `PRAGMA key` value every connection opens with. A passphrase is run
 * through SQLCipher 4's KDF once, here (libuv's thread pool, off the event loop), over the
 * file's salt (or a fresh one for a new file, written as `x'<key><salt>'`), so each further
 * connection opens with the raw key instead of repeating 256 000 PBKDF2 iterations.
 */
export async function keyPragma(path: string, encryption: EncryptionKey, freshSalt = false): Promise<string> {
  if ('rawKey' in encryption) return `"x'${rawKeyHex(encryption.rawKey)}'"`;
  const existing = freshSalt ? null : await readSalt(path);
  const salt = existing ?? randomBytes(SALT_BYTES);
  const key = await pbkdf2Async(encryption.passphrase, salt, KDF_ITERATIONS, KEY_BYTES, 'sha512');
  return `"x'${key.toString('hex')}${salt.toString('hex')}'"`;
}

/** Validates options.encryption at the public boundary. */
export function assertEncryption(encryption: EncryptionKey, name: string): void {
  if ('rawKey' in encryption) rawKeyHex(encryption.rawKey, name);
  else if (typeof encryption.passphrase !== 'string' || encryption.passphrase.length === 0) {
    throw new TypeError(`${name}.passphrase must be a non-empty string`);
  }
}

function rawKeyHex(rawKey: Uint8Array, name = 'encryption'): string {
  if (!(rawKey instanceof Uint8Array) || rawKey.byteLength !== KEY_BYTES) {
    throw new TypeError(`${name}.rawKey must be a Uint8Array of ${KEY_BYTES} bytes`);
  }
  return Buffer.from(rawKey.buffer, rawKey.byteOffset, rawKey.byteLength).toString('hex');
}

async function readSalt(path: string): Promise<Buffer | null> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path, 'r');
    const salt = Buffer.alloc(SALT_BYTES);
    const { bytesRead } = await file.read(salt, 0, SALT_BYTES, 0);
    return bytesRead === SALT_BYTES ? salt : null;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  } finally {
    await file?.close();
  }
}
