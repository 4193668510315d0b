/**
 * White-box by necessity: this suite imports the internal query builders to run
 * `EXPLAIN QUERY PLAN` on exactly the SQL the repositories send.
 */

import type { SqliteDatabase } from '@coffer/sqlite-worker';
import {
  DummyDriver,
  Kysely,
  type Kysely as KyselyType,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildListQuery, type EntryFilters } from '../src/queries/entry-queries.js';
import {
  buildBalancesQuery,
  buildMonthlyQuery,
  buildNetWorthChangesQuery,
  buildNetWorthOpeningQuery,
} from '../src/queries/report-queries.js';
import { seedLedger } from '../src/seed/index.js';
import { searchSql } from '../src/sqlite-only/fts5.js';
import type { UserDatabase } from '../src/user-database/user-schema.js';
import { userDbPath } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
let database: SqliteDatabase;
const compiler: KyselyType<UserDatabase> = new Kysely<UserDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

beforeAll(async () => {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  await seedLedger(ledger, { entries: 2000, years: 2, seed: 3 });
  await temp.store.lock(ledger);
  database = await temp.pool.open({
    path: userDbPath(temp.dataDir, ledger.user.id),
    encryption: { passphrase: PASSWORD },
  });
});

afterAll(async () => {
  await database?.close();
  await temp?.dispose();
});

async function plan(query: {
  compile(): { sql: string; parameters: readonly unknown[] };
}): Promise<string[]> {
  const { sql, parameters } = query.compile();
  const { rows } = await database.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, parameters);
  return rows.map((r) => r.detail);
}

const listCases: [string, EntryFilters][] = [
  ['no filter', {}],
  ['account', { accountId: 1 }],
  ['date range', { from: '2024-03-01', to: '2024-06-30' }],
  ['account and date range', { accountId: 1, from: '2024-03-01', to: '2024-06-30' }],
  ['category', { category: 'Groceries' }],
  ['tag', { tag: 'household' }],
  ['amount range', { minAmount: -1000, maxAmount: 0 }],
];

describe('query plans', () => {
  it.each(listCases)(
    'entries.list by %s uses an index for order and lookup (no table scan, no sort)',
    async (_, filters) => {
      for (const after of [null, { date: '2024-05-01', id: 1000 }]) {
        const details = await plan(buildListQuery(compiler, filters, { after, limit: 51 }));
        expect(details.join(' | ')).not.toMatch(/SCAN (entries|e)\b(?! USING)/);
        // The tag filter collects the tag's entries through entry_tags, then sorts just those.
        if (!filters.tag) expect(details.join(' | ')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
        expect(details.join(' | ')).toMatch(
          /USING (COVERING )?INDEX|USING PRIMARY KEY|USING INTEGER PRIMARY KEY/,
        );
      }
    },
  );

  it('report queries read through indexes (no scan of entries or daily totals)', async () => {
    const range = { firstDate: '2024-01-01', lastDate: '2024-12-31' };
    const plans = [
      await plan(buildBalancesQuery(compiler, '2024-06-30')),
      await plan(buildMonthlyQuery(compiler, range)),
      await plan(buildNetWorthOpeningQuery(compiler, '2024-01-01')),
      await plan(buildNetWorthChangesQuery(compiler, range)),
    ];
    for (const details of plans) {
      expect(details.join(' | ')).not.toMatch(/SCAN (e|d|entries|daily_totals)\b(?! USING)/);
    }
    expect(plans[1]?.join(' | ')).toMatch(/USING COVERING INDEX entries_account_report/);
  });

  it('search ranks ids first, then looks up only the top rows by rowid', async () => {
    for (const byAccount of [false, true]) {
      const params = byAccount ? ['"gro"*', 1, 20, '"gro"*'] : ['"gro"*', 20, '"gro"*'];
      const { rows } = await database.query<{ detail: string }>(
        `EXPLAIN QUERY PLAN ${searchSql({ byAccount })}`,
        params,
      );
      const details = rows.map((r) => r.detail).join(' | ');
      expect(details).toMatch(/SCAN top \| SCAN entries_fts VIRTUAL TABLE INDEX 0:=M/);
      expect(details).toMatch(/SEARCH e USING INTEGER PRIMARY KEY/);
    }
  });
});
