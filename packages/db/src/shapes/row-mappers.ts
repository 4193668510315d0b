import type { Selectable } from 'kysely';
import type { Account, Entry, ImportBatch } from '../model.js';
import type { AccountsTable, EntriesTable, ImportBatchesTable } from '../user-database/user-schema.js';

/** Columns of `entries` that make up the public `Entry` (the import key stays internal). */
export const ENTRY_COLUMNS = [
  'id',
  'account_id',
  'date',
  'amount',
  'payee',
  'memo',
  'category',
  'tags',
  'import_batch_id',
  'created_at',
  'updated_at',
] as const;

/** A selected entry row. */
export type EntryRow = Pick<Selectable<EntriesTable>, (typeof ENTRY_COLUMNS)[number]>;

/** Row → public account. */
export function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency,
    archived: row.archived !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Row → public entry. */
export function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    amount: row.amount,
    payee: row.payee,
    memo: row.memo,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    importBatchId: row.import_batch_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Row → public import batch. */
export function toImportBatch(row: Selectable<ImportBatchesTable>): ImportBatch {
  return {
    id: row.id,
    accountId: row.account_id,
    sourceName: row.source_name,
    status: row.status,
    rowCount: row.row_count,
    added: row.added,
    skipped: row.skipped,
    invalid: row.invalid,
    contentHash: row.content_hash,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
