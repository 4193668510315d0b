/**
 * Writes `test/fixtures/ledger-v1.db`: a user database at schema 0001 (before the change log,
 * tags index, FTS and daily totals), encrypted with the test password, holding a few rows.
 * Run once when the fixture must be recreated: `pnpm --filter @coffer/db exec tsx bench/make-v1-fixture.ts`.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createSqlitePool, SqliteWorkerDialect } from '@coffer/sqlite-worker';
import { Kysely, Migrator } from 'kysely';
import { userMigrations } from '../src/user-database/user-migrations.js';
import type { UserDatabase } from '../src/user-database/user-schema.js';

const path = join(import.meta.dirname, '..', 'test', 'fixtures', 'ledger-v1.db');
const PASSWORD = 'correct horse battery staple';

await rm(path, { force: true });
const pool = createSqlitePool({ threads: 1 });
const database = await pool.open({ path, encryption: { passphrase: PASSWORD } });
const db = new Kysely<UserDatabase>({ dialect: new SqliteWorkerDialect({ database }) });
const core = userMigrations['0001-ledger-core'];
if (!core) throw new Error('migration 0001-ledger-core is missing');
const v1 = { '0001-ledger-core': core };
const { error } = await new Migrator({
  db,
  provider: { getMigrations: async () => ({ ...v1 }) },
}).migrateToLatest();
if (error) throw error;
const now = Date.UTC(2024, 0, 1);
await db
  .insertInto('accounts')
  .values([
    { name: 'Fixture Checking', kind: 'asset', currency: 'EUR', created_at: now, updated_at: now },
    { name: 'Fixture Card', kind: 'liability', currency: 'EUR', created_at: now, updated_at: now },
  ])
  .execute();
await db
  .insertInto('entries')
  .values([
    {
      account_id: 1,
      date: '2023-12-01',
      amount: 250_000,
      payee: 'Fixture Employer',
      memo: 'salary',
      category: 'Salary',
      tags: '[]',
      created_at: now,
      updated_at: now,
    },
    {
      account_id: 1,
      date: '2023-12-03',
      amount: -4_550,
      payee: 'Fixture Bakery',
      memo: 'sourdough loaf',
      category: 'Groceries',
      tags: '["food"]',
      created_at: now,
      updated_at: now,
    },
    {
      account_id: 2,
      date: '2023-12-05',
      amount: -12_000,
      payee: 'Fixture Airline',
      memo: 'flight home',
      category: 'Travel',
      tags: '["vacation","family"]',
      created_at: now,
      updated_at: now,
    },
    {
      account_id: 1,
      date: '2024-01-02',
      amount: -1_999,
      payee: 'Fixture Bakery',
      memo: 'cake',
      category: 'Groceries',
      tags: '["food"]',
      created_at: now,
      updated_at: now,
    },
  ])
  .execute();
await database.close();
await pool.close();
console.log(`wrote ${path}`);
