import type { Kysely } from 'kysely';
import { ENTRY_COLUMNS } from '../shapes/entry-shape.js';
import type { UserDatabase } from '../user-database/user-schema.js';
import type { KeysetPosition } from './keyset-cursor.js';

/** Filters of `entries.list`; all optional and combined with AND. */
export interface EntryFilters {
  accountId?: number;
  /** First date included, `YYYY-MM-DD`. */
  from?: string;
  /** Last date included, `YYYY-MM-DD`. */
  to?: string;
  /** Exact category; `null` selects uncategorised entries. */
  category?: string | null;
  /** Entries carrying this tag. */
  tag?: string;
  /** Smallest amount included (minor units). */
  minAmount?: number;
  /** Largest amount included (minor units). */
  maxAmount?: number;
}

/**
 * The keyset-paginated list query: newest first, `(date, id)` strictly after `after`. Portable
 * SQL (row-value comparison works on SQLite ≥ 3.15 and PostgreSQL) served by the date indexes.
 */
export function buildListQuery(
  db: Kysely<UserDatabase>,
  filters: EntryFilters,
  page: { after: KeysetPosition | null; limit: number },
) {
  let query = buildFilteredQuery(db, filters);
  const after = page.after;
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('date', 'id'), '<', eb.tuple(after.date, after.id)));
  }
  return query.orderBy('date', 'desc').orderBy('id', 'desc').limit(page.limit);
}

/** Every matching entry, oldest first (for streamed exports). */
export function buildExportQuery(db: Kysely<UserDatabase>, filters: EntryFilters) {
  return buildFilteredQuery(db, filters).orderBy('date').orderBy('id');
}

function buildFilteredQuery(db: Kysely<UserDatabase>, filters: EntryFilters) {
  let query = db.selectFrom('entries').select(ENTRY_COLUMNS);
  if (filters.accountId !== undefined) query = query.where('account_id', '=', filters.accountId);
  if (filters.from !== undefined) query = query.where('date', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('date', '<=', filters.to);
  if (filters.category !== undefined) {
    query =
      filters.category === null
        ? query.where('category', 'is', null)
        : query.where('category', '=', filters.category);
  }
  if (filters.tag !== undefined) {
    const tag = filters.tag;
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('entry_tags')
        .innerJoin('tags', 'tags.id', 'entry_tags.tag_id')
        .select('entry_tags.entry_id')
        .where('tags.name', '=', tag),
    );
  }
  if (filters.minAmount !== undefined) query = query.where('amount', '>=', filters.minAmount);
  if (filters.maxAmount !== undefined) query = query.where('amount', '<=', filters.maxAmount);
  return query;
}
