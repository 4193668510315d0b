import type { EntryFilters } from '../queries/entry-queries.js';
import { assertAmount, assertDate, assertId, normalizeCategory, normalizeTags } from './ledger-values.js';

/** Validates the filters of `entries.list` / `entries.stream` (both backends). */
export function assertEntryFilters(options: EntryFilters): EntryFilters {
  const filters: EntryFilters = {};
  if (options.accountId !== undefined) filters.accountId = assertId('accountId', options.accountId);
  if (options.from !== undefined) filters.from = assertDate('from', options.from);
  if (options.to !== undefined) filters.to = assertDate('to', options.to);
  if (options.category !== undefined) filters.category = normalizeCategory('category', options.category);
  if (options.tag !== undefined) filters.tag = normalizeTags('tag', [options.tag])[0] as string;
  if (options.minAmount !== undefined) filters.minAmount = assertAmount('minAmount', options.minAmount);
  if (options.maxAmount !== undefined) filters.maxAmount = assertAmount('maxAmount', options.maxAmount);
  return filters;
}
