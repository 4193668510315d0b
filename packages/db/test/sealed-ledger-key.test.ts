import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, SealedKeyInvalidError } from '../src/index.js';
import { openSealedDataKey, sealDataKey } from '../src/postgres-only/sealed-ledger-key.js';

describe('sealed ledger keys (the SharedLedgerStore session format)', () => {
  const userId = randomUUID();
  const dataKey = randomBytes(32);
  const token = randomBytes(32);

  it('round-trips the data key under the same secret and user, in 61 bytes', () => {
    const sealed = sealDataKey(userId, dataKey, token);
    expect(sealed).toHaveLength(61);
    expect(sealed[0]).toBe(1);
    expect(openSealedDataKey(userId, sealed, token).equals(dataKey)).toBe(true);
    // A fresh nonce each time: two seals of one key differ.
    expect(Buffer.from(sealDataKey(userId, dataKey, token)).equals(Buffer.from(sealed))).toBe(false);
  });

  it('refuses a wrong secret, another user, a flipped bit or an unknown version with SealedKeyInvalidError', () => {
    const sealed = sealDataKey(userId, dataKey, token);
    expect(() => openSealedDataKey(userId, sealed, randomBytes(32))).toThrow(SealedKeyInvalidError);
    expect(() => openSealedDataKey(randomUUID(), sealed, token)).toThrow(SealedKeyInvalidError);
    for (const index of [1, 20, 60]) {
      const damaged = Uint8Array.from(sealed);
      damaged[index] = (damaged[index] ?? 0) ^ 0x80;
      expect(() => openSealedDataKey(userId, damaged, token)).toThrow(SealedKeyInvalidError);
    }
    const otherVersion = Uint8Array.from(sealed);
    otherVersion[0] = 2;
    expect(() => openSealedDataKey(userId, otherVersion, token)).toThrow(SealedKeyInvalidError);
    expect(() => openSealedDataKey(userId, sealed.subarray(0, 10), token)).toThrow(SealedKeyInvalidError);
  });

  it('refuses secrets shorter than 16 bytes (a token, never a password)', () => {
    expect(() => sealDataKey(userId, dataKey, randomBytes(15))).toThrow(InvalidInputError);
    expect(() => openSealedDataKey(userId, sealDataKey(userId, dataKey, token), randomBytes(8))).toThrow(
      InvalidInputError,
    );
  });
});
