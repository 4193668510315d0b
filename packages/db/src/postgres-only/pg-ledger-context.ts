import type { Transaction } from 'kysely';
import type { LedgerCipher } from './ledger-cipher.js';
import type { ChangeRecorder } from './pg-change-log.js';
import type { PgDatabase } from './pg-schema.js';

/**
 * What every PostgreSQL repository of one handle gets: the user's cipher and transactions scoped
 * to the user (row-level security). Both throw `LedgerLockedError` once the handle is locked.
 */
export interface PgLedgerContext {
  readonly userId: string;
  /** The user's column cipher (the data key's subkeys). */
  readonly cipher: LedgerCipher;
  /** Runs reads in one user-scoped transaction. */
  read<T>(work: (trx: Transaction<PgDatabase>) => Promise<T>): Promise<T>;
  /** Runs a read of exactly one statement in one user-scoped transaction (one round trip). */
  readOne<T>(work: (trx: Transaction<PgDatabase>) => Promise<T>): Promise<T>;
  /**
   * Runs a write in one user-scoped transaction; the changes recorded on `changes` are logged in
   * it (and NOTIFYed on commit), then local listeners are told.
   */
  write<T>(work: (trx: Transaction<PgDatabase>, changes: ChangeRecorder) => Promise<T>): Promise<T>;
}
