/**
 * PostgreSQL-only: search over encrypted text. The query's words are blinded with the user's
 * key and looked up in `entries.tokens` (GIN: entries holding every word as a word prefix); the
 * candidates are decrypted, checked exactly, ranked (payee hits weigh 4, category 2, memo 1, as
 * the SQLite BM25 weights) and given snippets here. The server never sees a query word or a
 * payee, only blind values (see docs/security.md for what those reveal).
 */
import { sql } from 'kysely';
import type { Entry } from '../model.js';
import type { EntrySearchHit, EntrySearchOptions, SnippetPart } from '../queries/entry-search.js';
import { assertId } from '../validation/ledger-values.js';
import { assertSearchQuery } from '../validation/search-options.js';
import { BLIND, ENTRY_READ_COLUMNS, toEntry } from './pg-entity-rows.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import { queryTerms, wordsOf } from './search-tokens.js';

/** Candidates read per hit wanted: the exact check after decryption may drop a few. */
const CANDIDATES_PER_HIT = 4;

/** Runs a search; same contract as the SQLite `entries.search`. */
export async function searchPgEntries(
  ctx: PgLedgerContext,
  options: EntrySearchOptions,
): Promise<EntrySearchHit[]> {
  const { query: text, limit } = assertSearchQuery(options);
  const accountId = options.accountId === undefined ? undefined : assertId('accountId', options.accountId);
  options.signal?.throwIfAborted();
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  const { cipher } = ctx;
  const tokens = [...new Set(terms.map((t) => t.token))].map((token) => cipher.blind(BLIND.token, token));
  const rows = await ctx.read(async (trx) => {
    let query = trx
      .selectFrom('entries')
      .select(ENTRY_READ_COLUMNS)
      .where('user_id', '=', ctx.userId)
      .where(sql<boolean>`tokens @> ${tokens}::bytea[]`);
    if (accountId !== undefined) query = query.where('account_id', '=', accountId);
    return query
      .orderBy('date', 'desc')
      .orderBy('id', 'desc')
      .limit(limit * CANDIDATES_PER_HIT)
      .execute();
  });
  options.signal?.throwIfAborted();
  const words = terms.map((t) => t.word);
  const hits: EntrySearchHit[] = [];
  for (const row of rows) {
    const entry = toEntry(row, cipher);
    const score = scoreOf(entry, words);
    if (score === null) continue;
    hits.push({ entry, rank: -score, snippet: snippetOf(entry, words) });
  }
  return hits.sort((a, b) => a.rank - b.rank).slice(0, limit);
}

/** Weighted count of word hits, or `null` when a query word matches no word of the entry. */
function scoreOf(entry: Entry, words: readonly string[]): number | null {
  const fields: [string, number][] = [
    [entry.payee, 4],
    [entry.memo, 1],
    [entry.category ?? '', 2],
  ];
  let score = 0;
  for (const word of words) {
    let matched = false;
    for (const [text, weight] of fields) {
      const count = wordsOf(text).filter((w) => w.startsWith(word)).length;
      if (count > 0) matched = true;
      score += count * weight;
    }
    if (!matched) return null;
  }
  return score;
}

/** The payee, memo and category with the words starting with a query word marked as matches. */
function snippetOf(entry: Entry, words: readonly string[]): SnippetPart[] {
  const text = [entry.payee, entry.memo, entry.category ?? ''].filter((t) => t !== '').join(' … ');
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const [normalized] = wordsOf(match[0]);
    if (normalized === undefined || !words.some((w) => normalized.startsWith(w))) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), match: false });
    parts.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
