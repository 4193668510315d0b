import type { Selectable } from 'kysely';
import type { Entry } from '../model.js';
import type { EntriesTable } from '../user-database/user-schema.js';
import { defineShape } from './entity-shape.js';

/** `Entry` ↔ `entries`; the import fingerprint stays internal. */
export const entryShape = defineShape<Entry, EntriesTable>()({
  table: 'entries',
  entity: 'entry',
  fields: {
    id: { column: 'id', encoding: 'value' },
    accountId: { column: 'account_id', encoding: 'value' },
    date: { column: 'date', encoding: 'value' },
    amount: { column: 'amount', encoding: 'value' },
    payee: { column: 'payee', encoding: 'value' },
    memo: { column: 'memo', encoding: 'value' },
    category: { column: 'category', encoding: 'value' },
    tags: { column: 'tags', encoding: 'json' },
    importBatchId: { column: 'import_batch_id', encoding: 'value' },
    createdAt: { column: 'created_at', encoding: 'value' },
    updatedAt: { column: 'updated_at', encoding: 'value' },
  },
  internal: ['import_key'],
});

/** Columns of `entries` that make up the public `Entry`. */
export const ENTRY_COLUMNS = entryShape.columns;

/** A selected entry row. */
export type EntryRow = Pick<Selectable<EntriesTable>, (typeof ENTRY_COLUMNS)[number]>;

/** Row → public entry. */
export const toEntry = (row: EntryRow): Entry => entryShape.toModel(row);
