/** PostgreSQL-only: the entry list filters over encrypted columns (category and tag by blind value). */
import { sql, type Transaction } from 'kysely';
import type { EntryFilters } from '../queries/entry-queries.js';
import type { LedgerCipher } from './ledger-cipher.js';
import { BLIND, ENTRY_READ_COLUMNS } from './pg-entity-rows.js';
import type { PgDatabase } from './pg-schema.js';

/** The user's entries matching `filters` (no order, no limit). */
export function filteredEntries(trx: Transaction<PgDatabase>, cipher: LedgerCipher, filters: EntryFilters) {
  let query = trx.selectFrom('entries').select(ENTRY_READ_COLUMNS).where('user_id', '=', cipher.userId);
  if (filters.accountId !== undefined) query = query.where('account_id', '=', filters.accountId);
  if (filters.from !== undefined) query = query.where('date', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('date', '<=', filters.to);
  if (filters.category !== undefined) {
    query =
      filters.category === null
        ? query.where('category_blind', 'is', null)
        : query.where('category_blind', '=', cipher.blind(BLIND.category, filters.category));
  }
  if (filters.tag !== undefined) {
    query = query.where(sql<boolean>`tag_blinds @> ${[cipher.blind(BLIND.tag, filters.tag)]}::bytea[]`);
  }
  if (filters.minAmount !== undefined) query = query.where('amount', '>=', filters.minAmount);
  if (filters.maxAmount !== undefined) query = query.where('amount', '<=', filters.maxAmount);
  return query;
}
