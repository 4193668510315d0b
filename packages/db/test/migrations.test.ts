import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteWorkerDialect } from '@coffer/sqlite-worker';
import { Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationFailedError, SchemaTooNewError } from '../src/index.js';
import { userMigrations } from '../src/user-database/user-migrations.js';
import { fileHash, userDbPath } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

const FIXTURE_V1 = join(import.meta.dirname, 'fixtures', 'ledger-v1.db');

/** Creates user `alice`, then replaces her database with the schema-0001 fixture. */
async function userWithV1Fixture(): Promise<{ id: string; path: string }> {
  const ledger = await temp.store.createUser('alice', PASSWORD);
  await temp.store.lock(ledger);
  const path = userDbPath(temp.dataDir, ledger.user.id);
  await Promise.all(['', '-wal', '-shm'].map((s) => rm(`${path}${s}`, { force: true })));
  await copyFile(FIXTURE_V1, path);
  return { id: ledger.user.id, path };
}

/** Runs SQL on a user database directly through the executor (outside the store). */
async function rawQuery(path: string, statement: string): Promise<unknown[]> {
  const database = await temp.pool.open({ path, encryption: { passphrase: PASSWORD } });
  try {
    return (await database.query(statement)).rows;
  } finally {
    await database.close();
  }
}

/** Every schema object of a database file, comparable across files. */
const SCHEMA_SQL = 'SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name';

describe('user database migrations', () => {
  it('migrates a released schema-0001 database step by step to the same sqlite_schema as a new one', async () => {
    temp = await createTempStore();
    const fresh = await temp.store.createUser('fresh', PASSWORD);
    await temp.store.lock(fresh);
    const freshSchema = await rawQuery(userDbPath(temp.dataDir, fresh.user.id), SCHEMA_SQL);

    // The fixture was written by migration 0001 as released: editing a migration after its
    // release (or adding a column to a new database only) makes the two schemas differ.
    const path = join(temp.dataDir, 'step-by-step.db');
    await copyFile(FIXTURE_V1, path);
    const database = await temp.pool.open({ path, encryption: { passphrase: PASSWORD } });
    try {
      const db = new Kysely<unknown>({ dialect: new SqliteWorkerDialect({ database }) });
      const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...userMigrations }) } });
      const applied: string[] = [];
      for (;;) {
        const { error, results = [] } = await migrator.migrateUp();
        if (error) throw error;
        if (results.length === 0) break;
        expect(results).toHaveLength(1);
        applied.push(...results.map((r) => r.migrationName));
      }
      expect(applied).toEqual(Object.keys(userMigrations).slice(1));
    } finally {
      await database.close();
    }
    const steppedSchema = await rawQuery(path, SCHEMA_SQL);
    expect(freshSchema.length).toBeGreaterThan(10);
    expect(steppedSchema).toEqual(freshSchema);
  });

  it('migrates a new database from empty to the latest schema', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await temp.store.lock(ledger);
    const names = await rawQuery(
      userDbPath(temp.dataDir, ledger.user.id),
      'SELECT name FROM kysely_migration ORDER BY name',
    );
    expect(names).toEqual([
      { name: '0001-ledger-core' },
      { name: '0002-change-log' },
      { name: '0003-search-tags-daily-totals' },
      { name: '0004-report-covering-index' },
    ]);
  });

  it('migrates a fixture of schema 0001, keeping its data and back-filling search, tags and totals', async () => {
    temp = await createTempStore();
    const { path } = await userWithV1Fixture();
    const ledger = await temp.store.unlock('alice', PASSWORD);

    const page = await ledger.entries.list();
    expect(page.items.map((e) => e.payee)).toEqual([
      'Fixture Bakery',
      'Fixture Airline',
      'Fixture Bakery',
      'Fixture Employer',
    ]);
    const hits = await ledger.entries.search({ query: 'sourdo' });
    expect(hits.map((h) => h.entry.memo)).toEqual(['sourdough loaf']);
    expect((await ledger.entries.list({ tag: 'family' })).items.map((e) => e.payee)).toEqual([
      'Fixture Airline',
    ]);
    const balances = await ledger.reports.balances({ asOf: '2023-12-31' });
    expect(balances.accounts.map((a) => [a.name, a.balance])).toEqual([
      ['Fixture Card', -12_000],
      ['Fixture Checking', 245_450],
    ]);
    // The change log starts at the migration: later writes are logged.
    await ledger.entries.delete(page.items[0]?.id ?? 0);
    expect((await ledger.changes.readAfter(0)).map((c) => `${c.entity}:${c.op}`)).toEqual(['entry:delete']);
    await temp.store.lock(ledger);
    // The pre-migration copy is removed once migrations succeed.
    await expect(fileHash(`${path.slice(0, -3)}.pre-migration.db`)).rejects.toThrow();
  });

  it('migrates once when two unlocks of a database that needs migrating race', async () => {
    temp = await createTempStore();
    await userWithV1Fixture();
    const openBefore = temp.pool.stats().databases;
    const [first, second] = await Promise.all([
      temp.store.unlock('alice', PASSWORD),
      temp.store.unlock('alice', PASSWORD),
    ]);
    // Unlocks of one user are serialised: the second reuses the first's open, migrated database
    // instead of opening (and migrating) the file a second time.
    expect(temp.pool.stats().databases).toBe(openBefore + 1);
    expect((await first.entries.list()).items).toHaveLength(4);
    expect((await second.entries.list()).items).toHaveLength(4);
    await temp.store.lock(first);
    await temp.store.lock(second);
    const path = userDbPath(temp.dataDir, first.user.id);
    expect(await rawQuery(path, 'SELECT count(*) AS n FROM kysely_migration')).toEqual([{ n: 4 }]);
  });

  it('restores the pre-migration copy when a migration fails', async () => {
    temp = await createTempStore();
    const { path } = await userWithV1Fixture();
    // Something in the way of migration 0002: it will fail creating its table.
    await rawQuery(path, 'CREATE TABLE change_log (blocker INTEGER)');

    const error = await temp.store.unlock('alice', PASSWORD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).migration).toBe('0002-change-log');
    expect((error as MigrationFailedError).cause).toBeDefined();

    // Still schema 0001 with its data; nothing half-migrated.
    expect(await rawQuery(path, 'SELECT name FROM kysely_migration')).toEqual([{ name: '0001-ledger-core' }]);
    expect(await rawQuery(path, 'SELECT count(*) AS n FROM entries')).toEqual([{ n: 4 }]);

    await rawQuery(path, 'DROP TABLE change_log');
    const ledger = await temp.store.unlock('alice', PASSWORD);
    expect((await ledger.entries.list()).items).toHaveLength(4);
  });

  it('refuses a database written by a newer schema and leaves it untouched', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await temp.store.lock(ledger);
    const path = userDbPath(temp.dataDir, ledger.user.id);
    await rawQuery(
      path,
      "INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', 'x')",
    );
    const before = await fileHash(path);

    const error = await temp.store.unlock('alice', PASSWORD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as SchemaTooNewError).unknownMigrations).toEqual(['9999-from-the-future']);
    expect(await fileHash(path)).toBe(before);
  });
});

describe('global database migrations', () => {
  it('refuses a global database written by a newer schema', async () => {
    temp = await createTempStore();
    await temp.store.close();
    const database = await temp.pool.open({ path: join(temp.dataDir, 'global.db') });
    await database.query("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', 'x')");
    await database.close();
    await expect(temp.reopen()).rejects.toBeInstanceOf(SchemaTooNewError);
  });
});
