import { SqliteError } from '@coffer/sqlite-worker';
import { AccountUnavailableError } from '../errors.js';

/** Message raised by the account guard trigger (migration 0003); mapped to `AccountUnavailableError`. */
const ACCOUNT_UNAVAILABLE_MESSAGE = 'COFFER_DB_ACCOUNT_UNAVAILABLE';

/** True when `error` is a SQLite unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof SqliteError && error.sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Maps database errors that carry ledger meaning to typed errors; anything else is returned as is. */
export function translateLedgerError(error: unknown): unknown {
  if (error instanceof SqliteError && error.message.includes(ACCOUNT_UNAVAILABLE_MESSAGE)) {
    return new AccountUnavailableError({ cause: error });
  }
  return error;
}

/** Runs `work`, rethrowing database errors translated by {@link translateLedgerError}. */
export async function withLedgerErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateLedgerError(error);
  }
}
