import type { LedgerContext } from '../ledger/ledger-context.js';
import type { Entry } from '../model.js';
import { type EntryRow, toEntry } from '../shapes/entry-shape.js';
import { SNIPPET_CLOSE, SNIPPET_OPEN, searchSql, toFtsQuery } from '../sqlite-only/fts5.js';
import { assertId } from '../validation/ledger-values.js';
import { assertSearchQuery } from '../validation/search-options.js';

/** Options of `entries.search`. */
export interface EntrySearchOptions {
  /** Free text; every word must match the start of a word in payee, memo or category. */
  query: string;
  /** Restrict to one account. */
  accountId?: number;
  /** Most hits returned. @default 20 (max 200) */
  limit?: number;
  /** Cancels the search. */
  signal?: AbortSignal;
}

/** A piece of a snippet; `match` pieces are the matched terms (render them highlighted). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One search hit: the entry, its relevance (lower is better, BM25) and a highlighted snippet. */
export interface EntrySearchHit {
  entry: Entry;
  rank: number;
  snippet: SnippetPart[];
}

/** Splits FTS5 snippet text on the noncharacter marks into typed parts (no HTML to escape). */
export function toSnippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, chunk] of snippet.split(SNIPPET_OPEN).entries()) {
    const [inside, after] = i === 0 ? [undefined, chunk] : splitOnce(chunk, SNIPPET_CLOSE);
    if (inside) parts.push({ text: inside, match: true });
    if (after) parts.push({ text: after, match: false });
  }
  return parts;
}

function splitOnce(text: string, mark: string): [string, string] {
  const at = text.indexOf(mark);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + mark.length)];
}

/** Runs a ranked FTS5 search (the SQLite-only part lives in `sqlite-only/fts5.ts`). */
export async function searchEntries(
  ctx: LedgerContext,
  options: EntrySearchOptions,
): Promise<EntrySearchHit[]> {
  const { query, limit } = assertSearchQuery(options);
  const match = toFtsQuery(query);
  if (match === null) return [];
  const params: unknown[] = [match];
  if (options.accountId !== undefined) params.push(assertId('accountId', options.accountId));
  params.push(limit, match);
  const { rows } = await ctx.database.query<EntryRow & { rank: number; snippet: string }>(
    searchSql({ byAccount: options.accountId !== undefined }),
    params,
    options.signal ? { signal: options.signal } : undefined,
  );
  return rows.map((row) => ({ entry: toEntry(row), rank: row.rank, snippet: toSnippetParts(row.snippet) }));
}
