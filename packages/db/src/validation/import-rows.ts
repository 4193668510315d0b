import { InvalidInputError } from '../errors.js';
import type { ImportRow, InvalidImportRow } from '../model.js';

/** Rows an import reads. */
export type ImportRowSource =
  | AsyncIterable<ImportRow | InvalidImportRow>
  | Iterable<ImportRow | InvalidImportRow>;

/** Checks that `rows` is an iterable or async iterable (both backends' `importRows`). */
export function assertImportRows(rows: unknown): ImportRowSource {
  const iterable = rows as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  if (
    typeof iterable !== 'object' ||
    iterable === null ||
    (typeof iterable[Symbol.iterator] !== 'function' && typeof iterable[Symbol.asyncIterator] !== 'function')
  ) {
    throw new InvalidInputError('rows', 'must be an iterable or async iterable of rows');
  }
  return rows as ImportRowSource;
}
