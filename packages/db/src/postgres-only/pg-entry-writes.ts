/**
 * PostgreSQL-only: entry writes shared by the entries and imports repositories — the account
 * check the SQLite guard trigger does, and chunked inserts.
 */
import type { Insertable, Transaction } from 'kysely';
import { AccountUnavailableError } from '../errors.js';
import type { Entry } from '../model.js';
import type { LedgerCipher } from './ledger-cipher.js';
import { ENTRY_READ_COLUMNS, toEntry } from './pg-entity-rows.js';
import type { PgDatabase, PgEntriesTable } from './pg-schema.js';

const ROWS_PER_INSERT = 1_000;

/** Refuses entries for accounts that are missing, archived or another user's (`AccountUnavailableError`). */
export async function assertAccountsOpen(
  trx: Transaction<PgDatabase>,
  userId: string,
  accountIds: Iterable<number>,
): Promise<void> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return;
  const open = await trx
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('archived', '=', 0)
    .forShare()
    .execute();
  if (open.length !== ids.length) throw new AccountUnavailableError();
}

/**
 * Inserts encrypted rows; returns the inserted entries in order. With `skipDuplicateImports`, rows whose import key exists are skipped (not returned).
 */
export async function insertEntries(
  trx: Transaction<PgDatabase>,
  cipher: LedgerCipher,
  rows: readonly Insertable<PgEntriesTable>[],
  options: { skipDuplicateImports?: boolean } = {},
): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    let insert = trx.insertInto('entries').values(rows.slice(i, i + ROWS_PER_INSERT));
    if (options.skipDuplicateImports) {
      insert = insert.onConflict((oc) => oc.columns(['user_id', 'account_id', 'import_key']).doNothing());
    }
    const inserted = await insert.returning(ENTRY_READ_COLUMNS).execute();
    for (const row of inserted.sort((a, b) => a.id - b.id)) entries.push(toEntry(row, cipher));
  }
  return entries;
}
