/** The binding's message prefix, e.g. `sqlite error(SQLITE_CONSTRAINT_UNIQUE): `. */
const PREFIX = /^sqlite error\((SQLITE_[A-Z_]+)\): /;
/** The syntax-error position the binding appends, e.g. `, offset: 0`. */
const OFFSET = /, offset: \d+$/;

/**
 * Gives a `@signalapp/sqlcipher` error better-sqlite3's message (SQLite's own text, no prefix), so
 * callers that read messages behave the same on both drivers. The `code` (the extended result
 * code, e.g. `SQLITE_CONSTRAINT_UNIQUE`) is the same on both and stays as it is.
 */
export function normalizeError(error: unknown): unknown {
  if (error instanceof Error) {
    const match = PREFIX.exec(error.message);
    if (match !== null) {
      error.message = error.message.slice(match[0].length).replace(OFFSET, '');
      if ((error as { code?: unknown }).code === undefined) Object.assign(error, { code: match[1] });
    }
  }
  return error;
}
