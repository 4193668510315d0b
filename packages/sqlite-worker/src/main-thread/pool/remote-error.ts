import {
  CofferSqliteError,
  EncryptionUnsupportedError,
  SqliteError,
  TempStoreError,
  WrongKeyError,
} from '../../errors.js';
import type { SerializedError } from '../../protocol/messages.js';

/** A read sent to a reader was not read-only; the database reroutes it to the writer. */
export class NotReadonlyError extends Error {}

/** Turns an error that crossed the thread boundary into this package's typed error, keeping the worker stack as `cause`. */
export function toTypedError(error: SerializedError, path: string): Error {
  const cause = new Error(error.message);
  if (error.stack !== null) cause.stack = error.stack;
  switch (error.kind) {
    case 'WRONG_KEY':
      return new WrongKeyError(path, { cause });
    case 'NO_CIPHER':
      return new EncryptionUnsupportedError(error.message, { cause });
    case 'TEMP_STORE':
      return new TempStoreError(error.message, { cause });
    case 'NOT_READONLY':
      return new NotReadonlyError(error.message);
    case 'SQLITE':
      return new SqliteError(error.message, error.sqliteCode ?? 'SQLITE_ERROR', { cause });
    case 'INTERNAL':
      return new CofferSqliteError('COFFER_SQLITE_ERROR', error.message, { cause });
  }
}
