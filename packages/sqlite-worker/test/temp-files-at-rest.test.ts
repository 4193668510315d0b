import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlitePool, type SqliteDatabase, type SqlitePool, TempStoreError } from '../src/index.js';
import { type UnlinkedFile, watchUnlinkedFiles } from '../src/testing/index.js';
import type { DriverConstructor } from '../src/worker-thread/driver/driver-types.js';
import { useTempDirs } from './temp-dir.js';

const MARKER = 'PLAINTEXT-MARKER-5d1c';
/** 200k rows of ~90 bytes: an 18 MB sort, past SQLite's 16 MB default cache, so FILE mode spills. */
const ROWS = 200_000;

/** Sorts every row (the OFFSET defeats SQLite's top-N shortcut) but returns one. */
const LAST_BY_N = `SELECT memo FROM entry ORDER BY n LIMIT 1 OFFSET ${ROWS - 1}`;

const tempDir = useTempDirs();
let pool: SqlitePool;
let db: SqliteDatabase;

async function fillLedger(database: SqliteDatabase): Promise<void> {
  await database.exec(
    'CREATE TABLE entry (id INTEGER PRIMARY KEY, memo TEXT NOT NULL, payee TEXT NOT NULL, n INTEGER NOT NULL)',
  );
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `${MARKER} memo ${i} ${'m'.repeat(40)}`,
    `${MARKER} payee ${i % 977}`,
    (i * 7919) % ROWS,
  ]);
  await database.batch('INSERT INTO entry (memo, payee, n) VALUES (?, ?, ?)', rows);
}

/** Runs `work` while the watcher reads every unlinked file this process holds open; returns what it saw. */
async function unlinkedFilesDuring(work: () => unknown) {
  const watcher = await watchUnlinkedFiles(MARKER);
  let files: UnlinkedFile[];
  try {
    await work();
  } finally {
    files = await watcher.stop();
  }
  return files;
}

describe('temporary files at rest', () => {
  beforeAll(async () => {
    pool = createSqlitePool({ threads: 2 });
    db = await pool.open({
      path: join(tempDir(), 'ledger.db'),
      encryption: { passphrase: 'pw' },
      readers: 1,
    });
    await fillLedger(db);
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  it('catches the plaintext temp file of a big sort on a connection left at temp_store=FILE (watcher control)', async () => {
    const Driver = createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as DriverConstructor;
    const raw = new Driver(join(tempDir(), 'control.db'));
    try {
      raw.pragma(`cipher='sqlcipher'`);
      raw.pragma('legacy=4');
      raw.pragma(`key='control'`);
      raw.pragma('temp_store=FILE');
      raw.exec('CREATE TABLE entry (memo TEXT, n INTEGER)');
      const insert = raw.prepare('INSERT INTO entry VALUES (?, ?)');
      raw.exec('BEGIN');
      for (let i = 0; i < ROWS; i++) insert.run(`${MARKER} memo ${i} ${'m'.repeat(40)}`, (i * 7919) % ROWS);
      raw.exec('COMMIT');
      const files = await unlinkedFilesDuring(() => raw.prepare(LAST_BY_N).all());
      expect(files.filter((file) => file.containsMarker).length).toBeGreaterThan(0);
    } finally {
      raw.close();
    }
  }, 60_000);

  it('sets temp_store to MEMORY on the writer and on readers', async () => {
    const trx = await db.begin();
    const onWriter = await trx.query('PRAGMA temp_store');
    await trx.rollback();
    // A PRAGMA goes to the writer; a SELECT from the pragma's table-valued function to the reader.
    const onReader = await db.query('SELECT * FROM pragma_temp_store');
    expect(onWriter.rows).toEqual([{ temp_store: 2 }]);
    expect(onReader.rows).toEqual([{ temp_store: 2 }]);
  });

  it('writes no plaintext temp file for a 200k-row ORDER BY on a non-indexed column (reader)', async () => {
    let rows: unknown[] = [];
    const files = await unlinkedFilesDuring(async () => {
      rows = (await db.query(LAST_BY_N)).rows;
    });
    expect(rows).toEqual([{ memo: expect.stringContaining(MARKER) }]);
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);

  it('writes no plaintext temp file for a GROUP BY and a DISTINCT on the writer, inside a transaction', async () => {
    const files = await unlinkedFilesDuring(async () => {
      const trx = await db.begin();
      await trx.query('SELECT payee, count(*), max(memo) FROM entry GROUP BY payee ORDER BY max(memo)');
      await trx.query('SELECT DISTINCT memo FROM entry');
      await trx.commit();
    });
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);

  it('writes no plaintext temp file for CREATE INDEX on a text column', async () => {
    const files = await unlinkedFilesDuring(() => db.exec('CREATE INDEX entry_memo ON entry (memo)'));
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);

  it('writes no plaintext temp file for VACUUM (its copy of the database stays in memory)', async () => {
    const files = await unlinkedFilesDuring(() => db.exec('VACUUM'));
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);

  it('refuses to move temporary data back to disk with TempStoreError', async () => {
    await expect(db.query('PRAGMA temp_store = FILE')).rejects.toBeInstanceOf(TempStoreError);
    await expect(db.exec('PRAGMA temp_store = 1; SELECT 1')).rejects.toMatchObject({
      code: 'COFFER_SQLITE_TEMP_STORE',
    });
    await expect(db.query("PRAGMA temp_store_directory = '/tmp'")).rejects.toBeInstanceOf(TempStoreError);
    const trx = await db.begin();
    expect((await trx.query('PRAGMA temp_store')).rows).toEqual([{ temp_store: 2 }]);
    await trx.rollback();
  });

  it('refuses to open a connection whose driver does not keep temporary data in memory', async () => {
    const ignoring = createSqlitePool({
      threads: 1,
      driver: fileURLToPath(new URL('./fixtures/temp-store-ignoring-driver.cjs', import.meta.url)),
    });
    try {
      const error = await ignoring
        .open({ path: join(tempDir(), 'refused.db'), encryption: { passphrase: 'pw' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TempStoreError);
      expect((error as TempStoreError).message).toMatch(/did not take/);
    } finally {
      await ignoring.close();
    }
  });
});
