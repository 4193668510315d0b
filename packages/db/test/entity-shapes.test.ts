import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEntry, UserLedger } from '../src/index.js';
import { accountShape } from '../src/shapes/account-shape.js';
import type { EntityShape } from '../src/shapes/entity-shape.js';
import { LOGGED_SHAPES } from '../src/shapes/entity-shapes.js';
import { entryShape } from '../src/shapes/entry-shape.js';
import { importBatchShape } from '../src/shapes/import-batch-shape.js';
import { changeLogTriggersSql } from '../src/sqlite-only/change-log-triggers.js';
import { userDbPath } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

/** The newest change-log row of one entity. */
async function lastLogged(ledger: UserLedger, entity: ChangeEntry['entity'], id: number): Promise<unknown> {
  const entries = await ledger.changes.readAfter(0, 10_000);
  const mine = entries.filter((c) => c.entity === entity && c.entityId === id);
  expect(mine.length).toBeGreaterThan(0);
  return mine.at(-1)?.row;
}

/** Compares a logged row with what the repository returns, one named field at a time. */
function expectSameFields(shape: EntityShape<unknown, string>, logged: unknown, got: object): void {
  const fields = Object.keys(shape.fields);
  expect(fields.length).toBeGreaterThan(0);
  expect(Object.keys(logged as object).sort()).toEqual(Object.keys(got).sort());
  expect(Object.keys(got).sort()).toEqual([...fields].sort());
  for (const field of fields) {
    expect((logged as Record<string, unknown>)[field], `${shape.entity}.${field}`).toEqual(
      (got as Record<string, unknown>)[field],
    );
  }
}

/** Runs `work` on a user's database file directly through the executor (outside the store). */
async function withRawDatabase<T>(
  work: (query: (sql: string) => Promise<unknown[]>) => Promise<T>,
): Promise<T> {
  const ledger = await temp.store.createUser('raw', PASSWORD);
  await temp.store.lock(ledger);
  const database = await temp.pool.open({
    path: userDbPath(temp.dataDir, ledger.user.id),
    encryption: { passphrase: PASSWORD },
  });
  try {
    return await work(async (sql) => (await database.query(sql)).rows);
  } finally {
    await database.close();
  }
}

describe('entity shapes', () => {
  it('logs each entity in the change log exactly as its repository returns it, field by field', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);

    const created = await ledger.accounts.create({ name: 'Checking', kind: 'asset', currency: 'EUR' });
    await ledger.accounts.update(created.id, { name: 'Main checking' });
    const account = await ledger.accounts.get(created.id);
    expectSameFields(accountShape, await lastLogged(ledger, 'account', account.id), account);

    const archived = await ledger.accounts.create({ name: 'Old', kind: 'liability', currency: 'USD' });
    await ledger.accounts.archive(archived.id);
    const archivedNow = await ledger.accounts.get(archived.id);
    expect(archivedNow.archived).toBe(true);
    expectSameFields(accountShape, await lastLogged(ledger, 'account', archived.id), archivedNow);

    const first = await ledger.entries.create({
      accountId: account.id,
      date: '2026-11-01',
      amount: -1234,
      payee: 'Bakery',
      memo: 'bread',
      category: 'Food',
      tags: ['Family', 'weekly'],
    });
    await ledger.entries.update(first.id, { memo: 'sourdough', tags: ['weekly'] });
    const entry = await ledger.entries.get(first.id);
    expectSameFields(entryShape, await lastLogged(ledger, 'entry', entry.id), entry);

    const result = await ledger.imports.importRows({
      accountId: account.id,
      sourceName: 'bank.csv',
      rows: [
        { line: 2, date: '2026-11-02', amount: 500, payee: 'Employer' },
        { line: 3, error: 'bad amount' },
      ],
    });
    const batch = await ledger.imports.getBatch(result.batchId);
    expect(batch.contentHash).not.toBeNull();
    expectSameFields(importBatchShape, await lastLogged(ledger, 'importBatch', batch.id), batch);
    const [imported] = (await ledger.entries.list({ accountId: account.id, from: '2026-11-02' })).items;
    expect(imported?.importBatchId).toBe(batch.id);
    expectSameFields(entryShape, await lastLogged(ledger, 'entry', imported?.id ?? 0), imported ?? {});

    await ledger.entries.delete(entry.id);
    expectSameFields(entryShape, await lastLogged(ledger, 'entry', entry.id), entry);
  });

  it('maps every column of each logged table, or declares it internal', async () => {
    temp = await createTempStore();
    await withRawDatabase(async (query) => {
      expect(LOGGED_SHAPES.length).toBe(3);
      for (const shape of LOGGED_SHAPES) {
        const columns = (await query(`SELECT name FROM pragma_table_info('${shape.table}')`)).map(
          (row) => (row as { name: string }).name,
        );
        expect(columns.length).toBeGreaterThan(0);
        expect([...columns].sort(), shape.table).toEqual([...shape.columns, ...shape.internal].sort());
      }
    });
  });

  it('stores change-log triggers equal to the SQL derived from the column maps', async () => {
    temp = await createTempStore();
    await withRawDatabase(async (query) => {
      const stored = (await query(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%\\_log\\_%' ESCAPE '\\' ORDER BY name",
      )) as { name: string; sql: string }[];
      const derived = LOGGED_SHAPES.flatMap((shape) => changeLogTriggersSql(shape));
      expect(stored).toHaveLength(9);
      expect(stored.map((t) => t.sql).sort()).toEqual([...derived].sort());
    });
  });
});
