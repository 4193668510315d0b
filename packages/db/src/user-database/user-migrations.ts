import type { Migration } from 'kysely';
import { ledgerCore } from './migrations/0001-ledger-core.js';
import { changeLog } from './migrations/0002-change-log.js';
import { searchTagsDailyTotals } from './migrations/0003-search-tags-daily-totals.js';
import { reportCoveringIndex } from './migrations/0004-report-covering-index.js';

/**
 * Every user-DB migration, in order. Names are stable forever; add new ones at the end.
 *
 * A migration is history: each one holds fixed SQL text or builder calls written inside it, and
 * never calls code that may change later (a shared DDL helper edited today would silently change
 * what an old migration creates for new databases). Migrations receive `Kysely<unknown>`: the
 * schema they see is the one of their own time. `test/migrations.test.ts` checks that a database
 * migrated step by step from the released schema-0001 fixture has the same `sqlite_schema` as a
 * new one.
 */
export const userMigrations: Readonly<Record<string, Migration>> = {
  '0001-ledger-core': ledgerCore,
  '0002-change-log': changeLog,
  '0003-search-tags-daily-totals': searchTagsDailyTotals,
  '0004-report-covering-index': reportCoveringIndex,
};
