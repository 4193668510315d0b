import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openEncrypted(path: string, key: string): Database.Database {
  const db = new Database(path);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key='${key}'`);
  return db;
}

describe('better-sqlite3-multiple-ciphers (SQLCipher 4)', () => {
  it('reopens an encrypted file with its key and refuses a wrong key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-driver-'));
    dirs.push(dir);
    const path = join(dir, 'a.db');
    const db = openEncrypted(path, 'correct horse');
    db.exec('CREATE TABLE t (v TEXT)');
    db.prepare('INSERT INTO t (v) VALUES (?)').run('hello');
    db.close();

    const again = openEncrypted(path, 'correct horse');
    expect(again.prepare('SELECT v FROM t').get()).toEqual({ v: 'hello' });
    again.close();

    const wrong = openEncrypted(path, 'battery staple');
    expect(() => wrong.prepare('SELECT v FROM t').get()).toThrow(/not a database/);
    wrong.close();
  });
});
