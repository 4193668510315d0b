/**
 * PostgreSQL-only: ledger entities ↔ encrypted rows. Validation is shared with SQLite
 * (`toEntryInsert`, `toEntryUpdate`, `validation/`); only the storage form differs.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Account, Entry, ImportBatch } from '../model.js';
import type { EntriesTable } from '../user-database/user-schema.js';
import type { LedgerCipher } from './ledger-cipher.js';
import type { PgAccountsTable, PgEntriesTable, PgImportBatchesTable } from './pg-schema.js';
import { prefixTokens } from './search-tokens.js';

/** Encrypted column names (bound into each ciphertext as associated data). */
export const COLUMN = {
  accountName: 'accounts.name',
  payee: 'entries.payee',
  memo: 'entries.memo',
  category: 'entries.category',
  tags: 'entries.tags',
  sourceName: 'import_batches.source_name',
} as const;

/** Blind-value namespaces. */
export const BLIND = {
  accountName: 'account-name',
  category: 'category',
  tag: 'tag',
  token: 'token',
  importKey: 'import-key',
  importContent: 'import-content',
} as const;

/** Row → account. */
export function toAccount(row: Selectable<PgAccountsTable>, cipher: LedgerCipher): Account {
  return {
    id: row.id,
    name: cipher.decrypt(COLUMN.accountName, row.name_enc),
    kind: row.kind,
    currency: row.currency,
    archived: row.archived !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns an entry is read from (not the blind arrays, which only queries use). */
export const ENTRY_READ_COLUMNS = [
  'id',
  'account_id',
  'date',
  'amount',
  'payee_enc',
  'memo_enc',
  'category_enc',
  'tags_enc',
  'import_batch_id',
  'created_at',
  'updated_at',
] as const;

/** A row as read for an entry. */
export type PgEntryRow = Pick<Selectable<PgEntriesTable>, (typeof ENTRY_READ_COLUMNS)[number]>;

/** Row → entry. */
export function toEntry(row: PgEntryRow, cipher: LedgerCipher): Entry {
  return {
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    amount: row.amount,
    payee: cipher.decrypt(COLUMN.payee, row.payee_enc),
    memo: cipher.decrypt(COLUMN.memo, row.memo_enc),
    category: cipher.decryptNullable(COLUMN.category, row.category_enc),
    tags: JSON.parse(cipher.decrypt(COLUMN.tags, row.tags_enc)) as string[],
    importBatchId: row.import_batch_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Row → import batch. */
export function toImportBatch(row: Selectable<PgImportBatchesTable>, cipher: LedgerCipher): ImportBatch {
  return {
    id: row.id,
    accountId: row.account_id,
    sourceName: cipher.decrypt(COLUMN.sourceName, row.source_name_enc),
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

/**
 * The encrypted and blinded text columns of an entry's plain values: ciphertexts, the category's
 * blind value, the tags' blind values and the search tokens (blind word prefixes).
 */
export function encryptEntryText(
  values: { payee: string; memo: string; category: string | null; tags: string },
  cipher: LedgerCipher,
) {
  const tags = JSON.parse(values.tags) as string[];
  return {
    payee_enc: cipher.encrypt(COLUMN.payee, values.payee),
    memo_enc: cipher.encrypt(COLUMN.memo, values.memo),
    category_enc: cipher.encryptNullable(COLUMN.category, values.category),
    category_blind: values.category === null ? null : cipher.blind(BLIND.category, values.category),
    tags_enc: cipher.encrypt(COLUMN.tags, values.tags),
    tag_blinds: tags.map((tag) => cipher.blind(BLIND.tag, tag)),
    tokens: [...prefixTokens([values.payee, values.memo, values.category ?? ''])].map((token) =>
      cipher.blind(BLIND.token, token),
    ),
  };
}

/** A validated plain entry row (`toEntryInsert`) as an encrypted row of `userId`. */
export function toPgEntryInsert(
  row: Insertable<EntriesTable>,
  cipher: LedgerCipher,
): Insertable<PgEntriesTable> {
  return {
    user_id: cipher.userId,
    account_id: row.account_id,
    date: row.date,
    amount: row.amount,
    ...encryptEntryText(
      {
        payee: row.payee ?? '',
        memo: row.memo ?? '',
        category: row.category ?? null,
        tags: row.tags ?? '[]',
      },
      cipher,
    ),
    import_batch_id: row.import_batch_id ?? null,
    import_key: row.import_key ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
