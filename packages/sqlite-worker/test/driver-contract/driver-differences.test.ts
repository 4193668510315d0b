import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqliteDatabase, SqliteError, type SqlitePool } from '../../src/index.js';
import { useTempDirs } from '../temp-dir.js';

/**
 * Where better-sqlite3-multiple-ciphers and @signalapp/sqlcipher differ underneath, and what Coffer
 * makes of it: every test here runs on both drivers and expects the same answer.
 *
 * | what | better-sqlite3-multiple-ciphers | @signalapp/sqlcipher | Coffer on both |
 * |---|---|---|---|
 * | FTS5 tokenizers | unicode61, ascii, porter, trigram | the same, plus Signal's `signal_tokenizer` once `initTokenizer()` ran | `initTokenizer()` is not called: the same four, so a schema opens under either |
 * | `readonly`/`reader` of a statement | `sqlite3_stmt_readonly`, column count | not exposed: read off the `EXPLAIN` program (`statement-profile.test.ts`) | the same routing to readers |
 * | error messages | SQLite's text | `sqlite error(CODE): <text>, offset: N` | SQLite's text, the same extended `code` |
 * | `secure_delete` | on once a key is set (off for plaintext) | on (build default) | on for encrypted databases |
 * | streams | a cursor stepped chunk by chunk | no cursor API: the result is read in full in the worker | the same chunks |
 */
const DRIVERS = ['better-sqlite3-multiple-ciphers', '@signalapp/sqlcipher'];

describe.each(DRIVERS)('driver differences Coffer hides: %s', (driver) => {
  const tempDir = useTempDirs();
  let pool: SqlitePool;
  beforeAll(() => {
    pool = createSqlitePool({ threads: 1, driver });
  });
  afterAll(async () => {
    await pool.close();
  });
  const open = (): Promise<SqliteDatabase> =>
    pool.open({
      path: join(tempDir(), 'differences.db'),
      encryption: { passphrase: 'differences' },
      readers: 1,
    });

  it('offers the same FTS5 tokenizers: unicode61, ascii, porter, trigram, and not signal_tokenizer', async () => {
    const db = await open();
    for (const [name, tokenize] of [
      ['u', 'unicode61 remove_diacritics 2'],
      ['a', 'ascii'],
      ['p', 'porter unicode61'],
      ['t', 'trigram'],
    ]) {
      await db.exec(`CREATE VIRTUAL TABLE fts_${name} USING fts5(body, tokenize = '${tokenize}')`);
    }
    const error = await db
      .exec("CREATE VIRTUAL TABLE fts_s USING fts5(body, tokenize = 'signal_tokenizer')")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqliteError);
    expect((error as SqliteError).message).toBe('no such tokenizer: signal_tokenizer');
    const tables = await db.query("SELECT name FROM sqlite_master WHERE name GLOB 'fts_?' ORDER BY name");
    expect(tables.rows).toEqual([{ name: 'fts_a' }, { name: 'fts_p' }, { name: 'fts_t' }, { name: 'fts_u' }]);
    await db.close();
  });

  it('finds the same rows with unicode61 remove_diacritics 2 and prefix queries', async () => {
    const db = await open();
    await db.exec("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
    await db.batch('INSERT INTO fts (body) VALUES (?)', [
      ['Crème brûlée at the café'],
      ['Groceries: CREME fraiche'],
      ['Rent for Ærøskøbing'],
      ['Nothing to see'],
    ]);
    const match = async (query: string) =>
      (await db.query('SELECT rowid AS id FROM fts WHERE fts MATCH ? ORDER BY rowid', [query])).rows;
    expect(await match('creme')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await match('cafe')).toEqual([{ id: 1 }]);
    expect(await match('aerosk*')).toEqual([]);
    expect(await match('ærø*')).toEqual([{ id: 3 }]);
    await db.close();
  });

  it("reports SQLite's own message and extended code, without a driver prefix", async () => {
    const db = await open();
    await db.exec('CREATE TABLE t (name TEXT NOT NULL UNIQUE)');
    await db.query("INSERT INTO t VALUES ('a')");
    const unique = await db.query("INSERT INTO t VALUES ('a')").catch((e: unknown) => e);
    expect(unique).toBeInstanceOf(SqliteError);
    expect((unique as SqliteError).message).toBe('UNIQUE constraint failed: t.name');
    expect((unique as SqliteError).sqliteCode).toBe('SQLITE_CONSTRAINT_UNIQUE');
    const syntax = await db.query('SELEC 1').catch((e: unknown) => e);
    expect((syntax as SqliteError).message).toBe('near "SELEC": syntax error');
    expect((syntax as SqliteError).sqliteCode).toBe('SQLITE_ERROR');
    await db.close();
  });

  it('overwrites deleted content in an encrypted database (secure_delete on)', async () => {
    const db = await open();
    expect((await db.query('PRAGMA secure_delete')).rows).toEqual([{ secure_delete: 1 }]);
    await db.close();
  });
});
