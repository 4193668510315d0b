/**
 * PostgreSQL-only: the words of an entry as search tokens, normalised like SQLite's FTS5
 * tokenizer (`unicode61 remove_diacritics 2`: NFKC, letters and digits, no diacritics, lower
 * case). Every word is indexed by its prefixes of 1 to {@link MAX_PREFIX} characters, so a query
 * word matches the start of a word, as FTS5's `"word"*` does; a longer query word is looked up by
 * its first {@link MAX_PREFIX} characters and checked exactly after decryption.
 */

/** Longest prefix indexed per word. */
export const MAX_PREFIX = 8;
/** Most query words used (as in the SQLite search). */
export const MAX_QUERY_WORDS = 16;

/** The normalised words of `text`. */
export function wordsOf(text: string): string[] {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
}

/** Every distinct indexed prefix of the words of `texts`. */
export function prefixTokens(texts: readonly string[]): Set<string> {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const word of wordsOf(text)) {
      const chars = [...word];
      for (let n = 1; n <= Math.min(chars.length, MAX_PREFIX); n += 1) tokens.add(chars.slice(0, n).join(''));
    }
  }
  return tokens;
}

/** The query words (at most {@link MAX_QUERY_WORDS}) and the token each is looked up by. */
export function queryTerms(query: string): { word: string; token: string }[] {
  return wordsOf(query)
    .slice(0, MAX_QUERY_WORDS)
    .map((word) => ({ word, token: [...word].slice(0, MAX_PREFIX).join('') }));
}

/** True when some word of `text` starts with `word`. */
export function hasWordStartingWith(text: string, word: string): boolean {
  return wordsOf(text).some((w) => w.startsWith(word));
}
