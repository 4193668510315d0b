import { InvalidInputError } from '../errors.js';
import { assertImportRows, type ImportRowSource } from './import-rows.js';
import { assertId, assertObject, assertText } from './ledger-values.js';

/** What `importRows` is given (its `ImportOptions`), before any check. */
export interface ImportOptionsInput {
  accountId: number;
  sourceName: string;
  rows: unknown;
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: unknown;
}

/** `importRows` options once checked, with the chunk size defaulted. */
export interface CheckedImportOptions {
  accountId: number;
  rows: ImportRowSource;
  sourceName: string;
  chunkSize: number;
}

/**
 * Checks the options of `imports.importRows` (both backends) and throws `InvalidInputError`
 * naming the first bad field; an already aborted `signal` throws its reason.
 */
export function assertImportOptions(options: ImportOptionsInput): CheckedImportOptions {
  assertObject('options', options);
  const accountId = assertId('accountId', options.accountId);
  const rows = assertImportRows(options.rows);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidInputError('onProgress', 'must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidInputError('signal', 'must be an AbortSignal');
  }
  const sourceName = assertText('sourceName', options.sourceName, { min: 1, max: 200 });
  const chunkSize = options.chunkSize ?? 1000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) {
    throw new InvalidInputError('chunkSize', 'must be an integer from 1 to 10000');
  }
  options.signal?.throwIfAborted();
  return { accountId, rows, sourceName, chunkSize };
}
