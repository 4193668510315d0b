import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerStore, type SharedLedgerStore } from '../src/index.js';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../src/testing/index.js';

const MARKER = 'zqxmarker';

describe.runIf(await postgresAnswers())('plaintext audit on PostgreSQL', () => {
  let database: TestDatabase;
  let store: SharedLedgerStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = await createLedgerStore({ backend: { kind: 'postgres', url: database.url, poolSize: 2 } });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('stores no user text in the clear: a marker written into every text field appears in no column of any table', async () => {
    const ledger = await store.createUser('auditor', 'correct horse battery staple');
    const account = await ledger.accounts.create({
      name: `${MARKER} account`,
      kind: 'asset',
      currency: 'EUR',
    });
    await ledger.accounts.update(account.id, { name: `${MARKER} renamed` });
    const entry = await ledger.entries.create({
      accountId: account.id,
      date: '2025-01-01',
      amount: 1,
      payee: `${MARKER} payee`,
      memo: `${MARKER} memo`,
      category: `${MARKER} category`,
      tags: [`${MARKER}tag`],
    });
    await ledger.entries.update(entry.id, { memo: `${MARKER} memo again` });
    await ledger.imports.importRows({
      accountId: account.id,
      sourceName: `${MARKER}.csv`,
      rows: [
        {
          line: 2,
          date: '2025-01-02',
          amount: 2,
          payee: `${MARKER} imported`,
          memo: MARKER,
          category: MARKER,
        },
      ],
    });
    await ledger.entries.search({ query: MARKER });
    await ledger.reports.monthly({ from: '2025-01', to: '2025-01' });
    // The store reads its own text back; the audit then reads every table as the database sees it.
    expect((await ledger.entries.list()).items.map((e) => e.payee)).toContain(`${MARKER} imported`);

    const tables = await database.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['entries', 'accounts', 'change_log']),
    );
    const hits: string[] = [];
    let cells = 0;
    let sawUsername = false; // control: the dump does read clear columns
    for (const { table_name: table } of tables) {
      // Every column as text (bytea as hex and, decoded, as UTF-8 where it decodes) — grep for the marker.
      const rows = await database.query<Record<string, string | null>>(
        `SELECT t::text AS row_text FROM ${table} t`,
      );
      const columns = await database.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1`,
        [table],
      );
      for (const column of columns.filter((c) => c.data_type === 'bytea')) {
        const values = await database.query<{ v: Buffer | null }>(
          `SELECT ${column.column_name} AS v FROM ${table}`,
        );
        for (const { v } of values) {
          cells += 1;
          if (v?.toString('latin1').includes(MARKER)) hits.push(`${table}.${column.column_name}`);
        }
      }
      for (const row of rows) {
        cells += 1;
        if (row.row_text?.includes(MARKER)) hits.push(`${table}: ${row.row_text}`);
        if (row.row_text?.includes('auditor')) sawUsername = true;
      }
    }
    expect(cells).toBeGreaterThan(30);
    expect(sawUsername).toBe(true);
    expect(hits).toEqual([]);
  });
});
