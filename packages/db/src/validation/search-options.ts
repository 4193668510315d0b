import { InvalidInputError } from '../errors.js';

/** The query and page size of `entries.search`, once checked. */
export interface CheckedSearch {
  query: string;
  limit: number;
}

/**
 * Checks the query text (at most 200 characters) and the hit limit (1 to 200, default 20) of
 * `entries.search` on both backends; throws `InvalidInputError` naming the bad field.
 */
export function assertSearchQuery(options: { query?: unknown; limit?: unknown } | undefined): CheckedSearch {
  if (typeof options?.query !== 'string' || options.query.length > 200) {
    throw new InvalidInputError('query', 'must be a string of at most 200 characters');
  }
  const limit = options.limit ?? 20;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new InvalidInputError('limit', 'must be an integer from 1 to 200');
  }
  return { query: options.query, limit };
}
