import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Generated, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlitePool,
  DatabaseClosedError,
  type EncryptionKey,
  type OpenDatabaseOptions,
  SqliteError,
  type SqlitePool,
  SqliteWorkerDialect,
  WorkerCrashedError,
  WrongKeyError,
} from '../../src/index.js';
import { crashWriterThread, watchUnlinkedFiles } from '../../src/testing/index.js';
import { useTempDirs } from '../temp-dir.js';

/** One driver configuration the contract runs against. */
export interface DriverContractOptions {
  /** Shown in the test names. */
  name: string;
  /** Module specifier handed to `createSqlitePool({ driver })`. */
  driver: string;
  /** Key every database of the run is opened with; `undefined` for plaintext. */
  encryption: EncryptionKey | undefined;
}

interface ContractDB {
  account: { id: Generated<number>; name: string; balance: number };
  movement: { id: Generated<number>; account_id: number; amount: number; note: string | null };
}

/** The first 16 bytes of every plaintext SQLite file. */
const PLAINTEXT_HEADER = 'SQLite format 3\0';

const header = (path: string) => readFileSync(path).subarray(0, 16).toString('latin1');

/**
 * The behaviour every better-sqlite3-compatible driver must share through the executor and the
 * Kysely dialect (Hono's `runTest({ newRouter })` pattern): each driver file calls this once per
 * configuration. Nothing here may depend on which driver runs it.
 */
export function runDriverContract({ name, driver, encryption }: DriverContractOptions): void {
  describe(`driver contract: ${name}`, () => {
    const tempDir = useTempDirs();
    let pool: SqlitePool;
    beforeAll(() => {
      pool = createSqlitePool({ threads: 2, driver });
    });
    afterAll(async () => {
      await pool.close();
    });

    const open = (path: string, more: Partial<OpenDatabaseOptions> = {}) =>
      pool.open({ path, readers: 1, ...(encryption === undefined ? {} : { encryption }), ...more });

    async function setup(path = join(tempDir(), 'contract.db')) {
      const database = await open(path);
      const db = new Kysely<ContractDB>({ dialect: new SqliteWorkerDialect({ database }) });
      await database.exec(`
        CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, balance INTEGER NOT NULL
          CHECK (balance >= 0));
        CREATE TABLE movement (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account (id),
          amount INTEGER NOT NULL, note TEXT);
      `);
      return { database, db, path };
    }

    const count = async (db: Kysely<ContractDB>, table: 'account' | 'movement') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('opens a new file, closes it, refuses calls after close and reopens it with its data', async () => {
      const { database, db, path } = await setup();
      await db.insertInto('account').values({ name: 'cash', balance: 10 }).execute();
      await database.close();
      await expect(database.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);
      await expect(database.close()).resolves.toBeUndefined();
      expect(header(path) === PLAINTEXT_HEADER).toBe(encryption === undefined);

      const again = await open(path, { readers: 2 });
      const rows = await new Kysely<ContractDB>({ dialect: new SqliteWorkerDialect({ database: again }) })
        .selectFrom('account')
        .select(['name', 'balance'])
        .execute();
      expect(rows).toEqual([{ name: 'cash', balance: 10 }]);
      await again.close();
    });

    if (encryption !== undefined) {
      it('refuses a wrong key with WrongKeyError and leaves the file untouched', async () => {
        const { database, path } = await setup();
        await database.close();
        const before = readFileSync(path);
        const wrong: EncryptionKey =
          'passphrase' in encryption ? { passphrase: 'not the passphrase' } : { rawKey: new Uint8Array(32) };
        await expect(pool.open({ path, encryption: wrong })).rejects.toBeInstanceOf(WrongKeyError);
        await expect(pool.open({ path })).rejects.toBeInstanceOf(WrongKeyError);
        expect(readFileSync(path).equals(before)).toBe(true);
      });
    }

    if (encryption !== undefined) {
      it('rekeys to the other kind of key: readers follow, the old key no longer opens the file', async () => {
        const { database, db, path } = await setup();
        await db.insertInto('account').values({ name: 'kept', balance: 1 }).execute();
        const next: EncryptionKey =
          'passphrase' in encryption ? { rawKey: randomBytes(32) } : { passphrase: 'next passphrase' };
        await database.rekey(next);
        await db.insertInto('account').values({ name: 'after', balance: 2 }).execute();
        // Served by the reader, which had to reopen with the new key.
        expect(await count(db, 'account')).toBe(2);
        await database.close();
        await expect(pool.open({ path, encryption })).rejects.toBeInstanceOf(WrongKeyError);
        const again = await pool.open({ path, encryption: next, readers: 1 });
        expect((await again.query('SELECT name FROM account ORDER BY id')).rows).toEqual([
          { name: 'kept' },
          { name: 'after' },
        ]);
        expect((await again.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
        await again.close();
      });

      it('keeps row data out of the file, its WAL and its backup', async () => {
        const { database, path } = await setup();
        const marker = 'PLAINTEXT-MARKER-5c1e';
        await database.batch(
          'INSERT INTO account (name, balance) VALUES (?, ?)',
          Array.from({ length: 200 }, (_, i) => [`${marker}-${i}`, i]),
        );
        expect(readFileSync(`${path}-wal`).includes(marker)).toBe(false);
        const copyPath = join(tempDir(), 'backup.db');
        await database.backup(copyPath);
        await database.close();
        expect(readFileSync(path).includes(marker)).toBe(false);
        expect(readFileSync(copyPath).includes(marker)).toBe(false);
        const copy = await open(copyPath);
        expect((await copy.query('SELECT count(*) AS n FROM account')).rows).toEqual([{ n: 200 }]);
        await copy.close();
      });
    }

    it('returns rows, RETURNING rows, insert ids and affected-row counts', async () => {
      const { database, db } = await setup();
      const first = await db
        .insertInto('account')
        .values({ name: 'a', balance: 1 })
        .executeTakeFirstOrThrow();
      expect(first.insertId).toBe(1n);
      expect(first.numInsertedOrUpdatedRows).toBe(1n);
      const returned = await db
        .insertInto('account')
        .values([
          { name: 'b', balance: 2 },
          { name: 'c', balance: 3 },
        ])
        .returning(['id', 'name'])
        .execute();
      expect(returned).toEqual([
        { id: 2, name: 'b' },
        { id: 3, name: 'c' },
      ]);
      const updated = await db
        .updateTable('account')
        .set((eb) => ({ balance: eb('balance', '+', 10) }))
        .where('balance', '>=', 2)
        .executeTakeFirstOrThrow();
      expect(updated.numUpdatedRows).toBe(2n);
      const raw = await database.query('INSERT INTO account (name, balance) VALUES (?, ?)', ['d', 4]);
      expect(raw).toEqual({ rows: [], changes: 1, lastInsertRowid: 4, reader: false });
      const read = await database.query('SELECT name, balance FROM account WHERE id = ?', [3]);
      expect(read).toEqual({
        rows: [{ name: 'c', balance: 13 }],
        changes: 0,
        lastInsertRowid: 0,
        reader: true,
      });
    });

    it('applies a batch in one transaction, or none of it when a parameter set fails', async () => {
      const { database, db } = await setup();
      const ok = await database.batch(
        'INSERT INTO account (name, balance) VALUES (?, ?)',
        Array.from({ length: 2_000 }, (_, i) => [`acct-${i}`, i]),
      );
      expect(ok).toEqual({ changes: 2_000, lastInsertRowid: 2_000 });
      const error = await database
        .batch('INSERT INTO account (name, balance) VALUES (?, ?)', [
          ['fresh-1', 1],
          ['fresh-2', 2],
          ['acct-7', 3],
          ['fresh-3', 4],
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SqliteError);
      expect((error as SqliteError).sqliteCode).toBe('SQLITE_CONSTRAINT_UNIQUE');
      expect(await count(db, 'account')).toBe(2_000);
      expect(await db.selectFrom('account').select('id').where('name', 'like', 'fresh-%').execute()).toEqual(
        [],
      );
    });

    it('commits transactions, and rolls them back on a throw or an explicit rollback', async () => {
      const { database, db } = await setup();
      await db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('account')
          .values({ name: 'kept', balance: 5 })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('movement').values({ account_id: id, amount: 5, note: null }).execute();
      });
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('account').values({ name: 'thrown', balance: 1 }).execute();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const trx = await database.begin();
      await trx.query("INSERT INTO account (name, balance) VALUES ('rolled', 1)");
      expect((await trx.query('SELECT count(*) AS n FROM account')).rows).toEqual([{ n: 2 }]);
      await trx.rollback();
      expect(await db.selectFrom('account').select('name').execute()).toEqual([{ name: 'kept' }]);
      expect(await count(db, 'movement')).toBe(1);
    });

    it('lets readers see committed data only', async () => {
      const { database, db } = await setup();
      await db.insertInto('account').values({ name: 'before', balance: 1 }).execute();
      const trx = await db.startTransaction().execute();
      await trx.insertInto('account').values({ name: 'pending', balance: 2 }).execute();
      expect(await count(trx, 'account')).toBe(2);
      // Outside the transaction: served by a reader, which must not see the uncommitted row.
      expect(await count(db, 'account')).toBe(1);
      expect((await database.query("SELECT id FROM account WHERE name = 'pending'")).rows).toEqual([]);
      await trx.commit().execute();
      expect(await count(db, 'account')).toBe(2);
    });

    it('streams in chunks and gives the reader back when the consumer stops early', async () => {
      const { database, db } = await setup();
      await database.batch(
        'INSERT INTO account (name, balance) VALUES (?, ?)',
        Array.from({ length: 1_050 }, (_, i) => [`s-${i}`, i]),
      );
      const sizes: number[] = [];
      for await (const chunk of database.stream('SELECT id FROM account', [], { chunkSize: 100 }))
        sizes.push(chunk.length);
      expect(sizes).toEqual([...Array.from({ length: 10 }, () => 100), 50]);
      let seen = 0;
      for await (const row of db.selectFrom('account').select('balance').orderBy('id').stream(50)) {
        seen += 1;
        if (row.balance === 119) break;
      }
      expect(seen).toBe(120);
      // One reader: this stream can only start if the cancelled one released it.
      const rest: number[] = [];
      for await (const row of db
        .selectFrom('account')
        .select('balance')
        .where('balance', '>=', 1_000)
        .stream(20))
        rest.push(row.balance);
      expect(rest).toHaveLength(50);
    });

    it('reports SQLite extended result codes as SqliteError with the cause kept', async () => {
      const { database, db } = await setup();
      await db.insertInto('account').values({ id: 1, name: 'a', balance: 1 }).execute();
      const codeOf = async (run: () => Promise<unknown>) => {
        const error = await run().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SqliteError);
        expect((error as SqliteError).code).toBe('COFFER_SQLITE_ERROR');
        expect((error as SqliteError).cause).toBeInstanceOf(Error);
        return (error as SqliteError).sqliteCode;
      };
      expect(await codeOf(() => db.insertInto('account').values({ name: 'a', balance: 2 }).execute())).toBe(
        'SQLITE_CONSTRAINT_UNIQUE',
      );
      expect(
        await codeOf(() => db.insertInto('account').values({ id: 1, name: 'b', balance: 2 }).execute()),
      ).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
      expect(await codeOf(() => database.query('INSERT INTO account (name, balance) VALUES (NULL, 1)'))).toBe(
        'SQLITE_CONSTRAINT_NOTNULL',
      );
      expect(await codeOf(() => database.query("INSERT INTO account (name, balance) VALUES ('n', -1)"))).toBe(
        'SQLITE_CONSTRAINT_CHECK',
      );
      expect(
        await codeOf(() =>
          db.insertInto('movement').values({ account_id: 99, amount: 1, note: null }).execute(),
        ),
      ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
      expect(await codeOf(() => database.query('SELEC 1'))).toBe('SQLITE_ERROR');
      expect(await count(db, 'account')).toBe(1);
    });

    it('backs up a consistent snapshot that opens with the same key', async () => {
      const { database, db } = await setup();
      await db.insertInto('account').values({ name: 'backed-up', balance: 1 }).execute();
      const trx = await database.begin();
      await trx.query("INSERT INTO account (name, balance) VALUES ('uncommitted', 2)");
      const copyPath = join(tempDir(), 'backup.db');
      await database.backup(copyPath);
      await trx.rollback();
      expect(header(copyPath) === PLAINTEXT_HEADER).toBe(encryption === undefined);
      if (encryption !== undefined) {
        await expect(pool.open({ path: copyPath })).rejects.toBeInstanceOf(WrongKeyError);
      }
      const copy = await open(copyPath);
      expect((await copy.query('SELECT name FROM account')).rows).toEqual([{ name: 'backed-up' }]);
      expect((await copy.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
      await copy.close();
    });

    it('checkpoints the WAL into the database file and truncates it', async () => {
      const { database, path } = await setup();
      await database.batch(
        'INSERT INTO account (name, balance) VALUES (?, ?)',
        Array.from({ length: 3_000 }, (_, i) => [`c-${i}`, i]),
      );
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      const sizeBefore = statSync(path).size;
      await database.checkpoint();
      expect(statSync(`${path}-wal`).size).toBe(0);
      expect(statSync(path).size).toBeGreaterThan(sizeBefore);
      expect((await database.query('SELECT count(*) AS n FROM account')).rows).toEqual([{ n: 3_000 }]);
    });

    it('survives a worker crash: committed rows stay, the open transaction is void, writes go on', async () => {
      const { database, db } = await setup();
      await db.insertInto('account').values({ name: 'committed', balance: 1 }).execute();
      const trx = await database.begin();
      await trx.query("INSERT INTO account (name, balance) VALUES ('in-flight', 2)");
      await crashWriterThread(database);
      await expect(trx.query('SELECT 1')).rejects.toBeInstanceOf(WorkerCrashedError);
      await trx.rollback();
      await db.insertInto('account').values({ name: 'after', balance: 3 }).execute();
      expect(await db.selectFrom('account').select('name').orderBy('id').execute()).toEqual([
        { name: 'committed' },
        { name: 'after' },
      ]);
      expect((await database.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
    });

    it('keeps temporary data in memory: a sort bigger than the page cache leaves no temp file with row data', async () => {
      const { database } = await setup();
      const marker = `temp-marker-${name}`;
      await database.query("INSERT INTO account (name, balance) VALUES ('a', 0)");
      await database.batch(
        'INSERT INTO movement (account_id, amount, note) VALUES (1, ?, ?)',
        Array.from({ length: 20_000 }, (_, i) => [(i * 7919) % 20_000, `${marker} ${i} ${'n'.repeat(60)}`]),
      );
      expect((await database.query('SELECT * FROM pragma_temp_store')).rows).toEqual([{ temp_store: 2 }]);
      // A 2 MB sort with a 256 KiB cache: SQLite spills it to an unlinked etilqs_* file unless temp_store=MEMORY.
      const watcher = await watchUnlinkedFiles(marker);
      const trx = await database.begin();
      try {
        expect((await trx.query('PRAGMA temp_store')).rows).toEqual([{ temp_store: 2 }]);
        await trx.query('PRAGMA cache_size = -256');
        const { rows } = await trx.query('SELECT note FROM movement ORDER BY amount');
        expect(rows).toHaveLength(20_000);
      } finally {
        await trx.rollback();
      }
      expect((await watcher.stop()).filter((file) => file.containsMarker)).toEqual([]);
      await database.close();
    });

    it('recovers committed writes from the WAL of a database that was never closed', async () => {
      const { database, path } = await setup();
      await database.batch(
        'INSERT INTO account (name, balance) VALUES (?, ?)',
        Array.from({ length: 500 }, (_, i) => [`w-${i}`, i]),
      );
      const pending = await database.begin();
      await pending.query("INSERT INTO account (name, balance) VALUES ('never-committed', 1)");
      // What a kill -9 leaves behind: the main file plus a WAL holding commits not yet checkpointed.
      const crashed = join(tempDir(), 'crashed.db');
      copyFileSync(path, crashed);
      copyFileSync(`${path}-wal`, `${crashed}-wal`);
      await pending.rollback();
      expect(statSync(`${crashed}-wal`).size).toBeGreaterThan(0);
      const recovered = await open(crashed);
      expect((await recovered.query('SELECT count(*) AS n FROM account')).rows).toEqual([{ n: 500 }]);
      expect((await recovered.query('PRAGMA integrity_check')).rows).toEqual([{ integrity_check: 'ok' }]);
      await recovered.close();
      expect(existsSync(`${crashed}-wal`) ? statSync(`${crashed}-wal`).size : 0).toBe(0);
    });
  });
}
