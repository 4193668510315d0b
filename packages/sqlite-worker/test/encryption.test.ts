import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool, WrongKeyError } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

const MARKER = 'PLAINTEXT-MARKER-7f3a9c';
const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function openWithDriver(path: string, passphrase: string): Database.Database {
  const db = new Database(path);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key='${passphrase}'`);
  return db;
}

describe('encryption (SQLCipher 4)', () => {
  it('round-trips data through close and reopen with the same passphrase', async () => {
    pool = createSqlitePool();
    const path = join(tempDir(), 'a.db');
    const db = await pool.open({ path, encryption: { passphrase: 'correct horse' } });
    await db.exec('CREATE TABLE t (v TEXT)');
    await db.query('INSERT INTO t (v) VALUES (?)', ['hello']);
    await db.close();
    const again = await pool.open({ path, encryption: { passphrase: 'correct horse' }, readers: 3 });
    expect((await again.query('SELECT v FROM t')).rows).toEqual([{ v: 'hello' }]);
  });

  it('writes files that stock SQLCipher 4 parameters open with the passphrase, and opens theirs', async () => {
    pool = createSqlitePool();
    const dir = tempDir();
    const ours = join(dir, 'ours.db');
    const db = await pool.open({ path: ours, encryption: { passphrase: 'pw' }, readers: 2 });
    await db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('from-pool')");
    await db.close();
    const direct = openWithDriver(ours, 'pw');
    expect(direct.prepare('SELECT v FROM t').all()).toEqual([{ v: 'from-pool' }]);
    direct.close();

    const theirs = join(dir, 'theirs.db');
    const created = openWithDriver(theirs, 'pw2');
    created.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('from-driver')");
    created.close();
    const opened = await pool.open({ path: theirs, encryption: { passphrase: 'pw2' }, readers: 2 });
    expect((await opened.query('SELECT v FROM t')).rows).toEqual([{ v: 'from-driver' }]);
  });

  it('opens with a raw 32-byte key and rejects keys of the wrong size', async () => {
    pool = createSqlitePool();
    const path = join(tempDir(), 'raw.db');
    const rawKey = randomBytes(32);
    const db = await pool.open({ path, encryption: { rawKey } });
    await db.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (7)');
    await db.close();
    const again = await pool.open({ path, encryption: { rawKey: new Uint8Array(rawKey) } });
    expect((await again.query('SELECT v FROM t')).rows).toEqual([{ v: 7 }]);
    await expect(pool.open({ path, encryption: { rawKey: randomBytes(16) } })).rejects.toThrow(TypeError);
  });

  it('rejects a wrong key with WrongKeyError and leaves the file byte-for-byte unchanged', async () => {
    pool = createSqlitePool();
    const path = join(tempDir(), 'w.db');
    const db = await pool.open({ path, encryption: { passphrase: 'right' } });
    await db.exec('CREATE TABLE t (v TEXT)');
    await db.close();
    const before = sha256(path);
    const error = await pool.open({ path, encryption: { passphrase: 'wrong' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongKeyError);
    expect((error as WrongKeyError).code).toBe('COFFER_SQLITE_WRONG_KEY');
    await expect(pool.open({ path })).rejects.toBeInstanceOf(WrongKeyError);
    await expect(pool.open({ path, encryption: { rawKey: randomBytes(32) } })).rejects.toBeInstanceOf(
      WrongKeyError,
    );
    expect(sha256(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const ok = await pool.open({ path, encryption: { passphrase: 'right' } });
    expect((await ok.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 0 }]);
  });

  it('leaves no plaintext in the database, its WAL or its backup', async () => {
    pool = createSqlitePool();
    const dir = tempDir();
    const path = join(dir, 'm.db');
    const db = await pool.open({ path, encryption: { passphrase: 'pw' } });
    await db.exec('CREATE TABLE secrets (v TEXT)');
    await db.batch(
      'INSERT INTO secrets (v) VALUES (?)',
      Array.from({ length: 50 }, (_, i) => [`${MARKER}-${i}`]),
    );
    const wal = readFileSync(`${path}-wal`);
    expect(wal.byteLength).toBeGreaterThan(0);
    expect(wal.includes(MARKER)).toBe(false);
    const backupPath = join(dir, 'backup.db');
    await db.backup(backupPath);
    await db.close();
    expect(readFileSync(path).includes(MARKER)).toBe(false);
    expect(statSync(backupPath).size).toBeGreaterThan(0);
    expect(readFileSync(backupPath).includes(MARKER)).toBe(false);
    const restored = openWithDriver(backupPath, 'pw');
    expect(restored.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 50 });
    restored.close();
  });

  it('rekeys an open database: the new key opens it and the old one no longer does', async () => {
    pool = createSqlitePool();
    const path = join(tempDir(), 'r.db');
    const db = await pool.open({ path, encryption: { passphrase: 'old' }, readers: 2 });
    await db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')");
    await db.rekey({ passphrase: 'new' });
    expect((await db.query('SELECT v FROM t')).rows).toEqual([{ v: 'kept' }]);
    await db.query("INSERT INTO t VALUES ('after')");
    await db.close();
    await expect(pool.open({ path, encryption: { passphrase: 'old' } })).rejects.toBeInstanceOf(
      WrongKeyError,
    );
    const again = await pool.open({ path, encryption: { passphrase: 'new' } });
    expect((await again.query('SELECT v FROM t ORDER BY rowid')).rows).toEqual([
      { v: 'kept' },
      { v: 'after' },
    ]);
    const rawKey = randomBytes(32);
    await again.rekey({ rawKey });
    await again.close();
    const byRaw = await pool.open({ path, encryption: { rawKey } });
    expect((await byRaw.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 2 }]);
  });

  it('keeps plaintext databases readable without a key', async () => {
    pool = createSqlitePool();
    const path = join(tempDir(), 'plain.db');
    const db = await pool.open({ path });
    await db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('open')");
    await db.close();
    const direct = new Database(path);
    expect(direct.prepare('SELECT v FROM t').get()).toEqual({ v: 'open' });
    direct.close();
  });
});
