import { join } from 'node:path';
import SignalDatabase from '@signalapp/sqlcipher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqlitePool } from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

/** Passwords as users type them: quotes of both kinds, commas, non-ASCII letters. */
const PASSWORDS = [
  'correct horse battery staple',
  `it's a "quoted", comma, separated; pass`,
  `Grüße, ñandú, Ærø — 日本語の'鍵'`,
];

/** A SQL string literal: the only escape SQLite knows is a doubled single quote. */
const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Opens a file the way a user would with Signal's binding: `PRAGMA key = '<password>'`, nothing else. */
function openWithSignal(path: string, password: string): SignalDatabase {
  const db = new SignalDatabase(path);
  db.pragma(`key = ${sqlString(password)}`);
  return db;
}

describe('interop between Coffer and @signalapp/sqlcipher (SQLCipher 4 format)', () => {
  const tempDir = useTempDirs();
  let defaultPool: SqlitePool;
  let signalPool: SqlitePool;
  beforeAll(() => {
    defaultPool = createSqlitePool({ threads: 1 });
    signalPool = createSqlitePool({ threads: 1, driver: '@signalapp/sqlcipher' });
  });
  afterAll(async () => {
    await Promise.all([defaultPool.close(), signalPool.close()]);
  });

  for (const password of PASSWORDS) {
    it(`opens what Coffer's default driver wrote, under Signal's SQLCipher with the password: ${password}`, async () => {
      const path = join(tempDir(), 'coffer-wrote.db');
      const database = await defaultPool.open({ path, encryption: { passphrase: password }, readers: 1 });
      await database.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      await database.batch(
        'INSERT INTO note (body) VALUES (?)',
        Array.from({ length: 300 }, (_, i) => [`note ${i} — ü`]),
      );
      await database.close();

      const db = openWithSignal(path, password);
      try {
        expect(db.prepare('SELECT count(*) AS n, max(body) AS last FROM note').all([])).toEqual([
          { n: 300, last: 'note 99 — ü' },
        ]);
        // SQLCipher's page-level HMAC check: no rows means every page authenticated.
        expect(db.pragma('cipher_integrity_check')).toEqual([]);
        expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        db.close();
      }
    });

    it(`opens what Signal's SQLCipher created with the password, in Coffer's default driver: ${password}`, async () => {
      const path = join(tempDir(), 'signal-wrote.db');
      const db = openWithSignal(path, password);
      db.exec("CREATE TABLE note (body TEXT NOT NULL); INSERT INTO note VALUES ('from signal')");
      db.close();

      const database = await defaultPool.open({ path, encryption: { passphrase: password }, readers: 1 });
      expect((await database.query('SELECT body FROM note')).rows).toEqual([{ body: 'from signal' }]);
      await database.query("INSERT INTO note VALUES ('from coffer')");
      expect((await database.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
      await database.close();
    });
  }

  it('moves a database between the two drivers inside Coffer, both ways', async () => {
    const path = join(tempDir(), 'moved.db');
    const encryption = { passphrase: PASSWORDS[2] as string };
    const bySignal = await signalPool.open({ path, encryption, readers: 1 });
    await bySignal.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('signal')");
    await bySignal.close();
    const byDefault = await defaultPool.open({ path, encryption, readers: 1 });
    await byDefault.query("INSERT INTO t VALUES ('default')");
    await byDefault.close();
    const back = await signalPool.open({ path, encryption, readers: 1 });
    expect((await back.query('SELECT v FROM t ORDER BY rowid')).rows).toEqual([
      { v: 'signal' },
      { v: 'default' },
    ]);
    expect((await back.query('PRAGMA cipher_integrity_check')).rows).toEqual([]);
    await back.close();
  });
});
