import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CofferSqliteError,
  createSqlitePool,
  type EncryptionKey,
  EncryptionUnsupportedError,
  type SqlitePool,
} from '../../src/index.js';
import { useTempDirs } from '../temp-dir.js';
import { runDriverContract } from './driver-contract.case.js';

const driver = 'better-sqlite3';

runDriverContract({ name: 'better-sqlite3, plaintext', driver, encryption: undefined });

describe('better-sqlite3 without cipher support', () => {
  const tempDir = useTempDirs();
  let pool: SqlitePool;
  beforeAll(() => {
    pool = createSqlitePool({ threads: 1, driver });
  });
  afterAll(async () => {
    await pool.close();
  });

  const keys: [string, EncryptionKey][] = [
    ['a passphrase', { passphrase: 'secret' }],
    ['a raw key', { rawKey: randomBytes(32) }],
  ];
  for (const [label, encryption] of keys) {
    it(`refuses to open with ${label} instead of writing a plaintext file`, async () => {
      const path = join(tempDir(), 'never-plaintext.db');
      const error = await pool.open({ path, encryption }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EncryptionUnsupportedError);
      expect((error as CofferSqliteError).code).toBe('COFFER_SQLITE_ENCRYPTION_UNSUPPORTED');
      expect((error as CofferSqliteError).message).toMatch(/no cipher support/);
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}-wal`)).toBe(false);
    });
  }

  it('keeps serving plaintext databases after refusing an encrypted one', async () => {
    const dir = tempDir();
    await expect(pool.open({ path: join(dir, 'enc.db'), encryption: { passphrase: 'x' } })).rejects.toThrow(
      /no cipher support/,
    );
    const plain = await pool.open({ path: join(dir, 'plain.db') });
    expect((await plain.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await plain.close();
  });
});
