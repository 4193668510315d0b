/**
 * SQLite-only: full-text search over payee, memo and category with FTS5. An external-content
 * index (no second copy of the text) kept in sync by triggers (created by migration 0003), with
 * prefix indexes for type-ahead.
 */
import { ENTRY_COLUMNS } from '../shapes/entry-shape.js';

/**
 * Marks wrapped around matched terms in snippets: Unicode noncharacters, which are reserved for a
 * program's internal use and refused in stored text (`assertText`), so user text cannot forge a
 * highlight. Private-use characters (U+E000…) are ordinary user text and come back as such.
 */
export const SNIPPET_OPEN = '\uFDD0';
/** See {@link SNIPPET_OPEN}. */
export const SNIPPET_CLOSE = '\uFDD1';

/**
 * Turns free text into an FTS5 query: every word becomes a quoted prefix term, all required.
 * Returns `null` when the text has no searchable word. Quoting makes FTS5 syntax in user input inert.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

/**
 * SQL of a ranked search; payee matches weigh most. Ranks ids first and only then reads the top
 * rows and builds their snippets: joining `entries` before `LIMIT` would read every match (8× slower
 * for common words on 200k entries). `CROSS JOIN` pins the join order so the outer query looks up
 * only the top rows. Parameters: match, [accountId], limit, match.
 */
export function searchSql(options: { byAccount: boolean }): string {
  const accountFilter = options.byAccount
    ? ' AND rowid IN (SELECT id FROM entries WHERE account_id = ?)'
    : '';
  return `WITH top AS (
      SELECT rowid AS id, bm25(entries_fts, 4.0, 1.0, 2.0) AS rank FROM entries_fts
      WHERE entries_fts MATCH ?${accountFilter} ORDER BY rank LIMIT ?
    )
    SELECT ${ENTRY_COLUMNS.map((column) => `e.${column}`).join(', ')}, top.rank AS rank,
      snippet(entries_fts, -1, '${SNIPPET_OPEN}', '${SNIPPET_CLOSE}', '…', 12) AS snippet
    FROM top CROSS JOIN entries_fts CROSS JOIN entries e
    WHERE entries_fts.rowid = top.id AND e.id = top.id AND entries_fts MATCH ?
    ORDER BY top.rank`;
}
