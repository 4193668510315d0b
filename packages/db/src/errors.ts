/** Stable codes of every error this package throws; listed in the README's error table. */
export type CofferDbErrorCode =
  | 'COFFER_DB_INVALID_INPUT'
  | 'COFFER_DB_INVALID_USERNAME'
  | 'COFFER_DB_INVALID_PASSWORD'
  | 'COFFER_DB_USERNAME_TAKEN'
  | 'COFFER_DB_UNKNOWN_USER'
  | 'COFFER_DB_WRONG_PASSWORD'
  | 'COFFER_DB_LEDGER_LOCKED'
  | 'COFFER_DB_STORE_CLOSED'
  | 'COFFER_DB_SCHEMA_TOO_NEW'
  | 'COFFER_DB_MIGRATION_FAILED'
  | 'COFFER_DB_NOT_FOUND'
  | 'COFFER_DB_ACCOUNT_NAME_TAKEN'
  | 'COFFER_DB_ACCOUNT_UNAVAILABLE'
  | 'COFFER_DB_CHANGES_PRUNED'
  | 'COFFER_DB_LOGIN_THROTTLED'
  | 'COFFER_DB_UNLOCK_BUSY'
  | 'COFFER_DB_CSV_LIMIT_EXCEEDED'
  | 'COFFER_DB_CURRENCY_MISMATCH'
  | 'COFFER_DB_TOTAL_OUT_OF_RANGE'
  | 'COFFER_DB_SEALED_KEY_INVALID'
  | 'COFFER_DB_UNSUPPORTED_BY_BACKEND';

/** Base class of every error thrown by `@coffer/db`; `code` is stable, `cause` is kept. */
export class CofferDbError extends Error {
  /** Stable machine-readable code. */
  readonly code: CofferDbErrorCode;

  constructor(code: CofferDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value given to a repository or lifecycle function is malformed (bad date, amount, cursor…). */
export class InvalidInputError extends CofferDbError {
  /** Name of the offending field, e.g. `date` or `cursor`. */
  readonly field: string;

  constructor(field: string, reason: string, options?: { cause?: unknown }) {
    super('COFFER_DB_INVALID_INPUT', `${field}: ${reason}`, options);
    this.field = field;
  }
}

/** The username does not match the allowed pattern after normalization. */
export class InvalidUsernameError extends CofferDbError {
  constructor(reason: string) {
    super('COFFER_DB_INVALID_USERNAME', `invalid username: ${reason}`);
  }
}

/** The password does not satisfy the minimum policy (length). */
export class InvalidPasswordError extends CofferDbError {
  constructor(reason: string) {
    super('COFFER_DB_INVALID_PASSWORD', `invalid password: ${reason}`);
  }
}

/** `createUser` was called with a username that already exists. */
export class UsernameTakenError extends CofferDbError {
  constructor(username: string, options?: { cause?: unknown }) {
    super('COFFER_DB_USERNAME_TAKEN', `username "${username}" is taken`, options);
  }
}

/** No user with that username. APIs should answer exactly as for a wrong password. */
export class UnknownUserError extends CofferDbError {
  constructor() {
    super('COFFER_DB_UNKNOWN_USER', 'unknown user');
  }
}

/** The password does not open the user's database; the file is untouched. */
export class WrongPasswordError extends CofferDbError {
  constructor(options?: { cause?: unknown }) {
    super('COFFER_DB_WRONG_PASSWORD', 'wrong password', options);
  }
}

/** The handle was locked (or its user deleted/restored) and can no longer be used. */
export class LedgerLockedError extends CofferDbError {
  constructor() {
    super('COFFER_DB_LEDGER_LOCKED', 'ledger handle is locked');
  }
}

/** The store was closed. */
export class StoreClosedError extends CofferDbError {
  constructor() {
    super('COFFER_DB_STORE_CLOSED', 'ledger store is closed');
  }
}

/** The database was written by a newer version of this package; it is refused, not touched. */
export class SchemaTooNewError extends CofferDbError {
  /** Migrations recorded in the database that this code does not know. */
  readonly unknownMigrations: readonly string[];

  constructor(unknownMigrations: readonly string[]) {
    super(
      'COFFER_DB_SCHEMA_TOO_NEW',
      `database schema is newer than this code (unknown migrations: ${unknownMigrations.join(', ')}); upgrade Coffer`,
    );
    this.unknownMigrations = unknownMigrations;
  }
}

/** A migration failed; the database was restored from the copy taken before migrating. */
export class MigrationFailedError extends CofferDbError {
  /** Name of the failing migration, when known. */
  readonly migration: string | undefined;

  constructor(migration: string | undefined, options?: { cause?: unknown }) {
    super(
      'COFFER_DB_MIGRATION_FAILED',
      `migration ${migration ?? '(unknown)'} failed; database restored`,
      options,
    );
    this.migration = migration;
  }
}

/** The entity does not exist (in this user's ledger). */
export class NotFoundError extends CofferDbError {
  /** Entity kind: `account`, `entry`, `importBatch`, `backup`, `userDatabase`. */
  readonly entity: string;
  /** The id that was looked up. */
  readonly id: string | number;

  constructor(entity: string, id: string | number) {
    super('COFFER_DB_NOT_FOUND', `${entity} ${id} not found`);
    this.entity = entity;
    this.id = id;
  }
}

/** Another account already has this name. */
export class AccountNameTakenError extends CofferDbError {
  constructor(name: string, options?: { cause?: unknown }) {
    super('COFFER_DB_ACCOUNT_NAME_TAKEN', `account name "${name}" is taken`, options);
  }
}

/** The account does not exist or is archived, so entries cannot be added to it. */
export class AccountUnavailableError extends CofferDbError {
  constructor(options?: { cause?: unknown }) {
    super('COFFER_DB_ACCOUNT_UNAVAILABLE', 'account does not exist or is archived', options);
  }
}

/** `readAfter(seq)` asked for changes that were pruned (or predate a restore): resync fully. */
export class ChangeLogPrunedError extends CofferDbError {
  /** The oldest `seq` still accepted by `readAfter`. */
  readonly floorSeq: number;

  constructor(floorSeq: number) {
    super('COFFER_DB_CHANGES_PRUNED', `changes before seq ${floorSeq} were pruned; resync from a snapshot`);
    this.floorSeq = floorSeq;
  }
}

/** `unlock` was refused before the password was tried: too many recent failures for one of its keys. */
export class LoginThrottledError extends CofferDbError {
  /** Milliseconds until an attempt may be made again. */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super(
      'COFFER_DB_LOGIN_THROTTLED',
      `too many failed logins; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Too many calls are already deriving password keys (`unlock`, `createUser`, `changePassword`,
 * `restoreBackup`; for this username or overall); retry shortly.
 */
export class UnlockBusyError extends CofferDbError {
  constructor() {
    super('COFFER_DB_UNLOCK_BUSY', 'too many password checks in progress; retry shortly');
  }
}

/** A CSV source exceeds a size bound of `parseLedgerCsv` (record size or line count). */
export class CsvLimitExceededError extends CofferDbError {
  /** Line where the bound was exceeded. */
  readonly line: number;
  /** The option whose bound was exceeded. */
  readonly limit: 'maxRecordSize' | 'maxLines';

  constructor(
    limit: 'maxRecordSize' | 'maxLines',
    line: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('COFFER_DB_CSV_LIMIT_EXCEEDED', `CSV line ${line}: ${detail}`, options);
    this.limit = limit;
    this.line = line;
  }
}

/** An entry would move to an account in another currency (amounts are never reinterpreted). */
export class CurrencyMismatchError extends CofferDbError {
  constructor(from: string, to: string) {
    super(
      'COFFER_DB_CURRENCY_MISMATCH',
      `cannot move an entry from a ${from} account to a ${to} account; convert the amount and create a new entry`,
    );
  }
}

/** A report total left the range where integers are exact (|total| > 2^53 - 1); nothing inexact is returned. */
export class TotalOutOfRangeError extends CofferDbError {
  constructor(options?: { cause?: unknown }) {
    super('COFFER_DB_TOTAL_OUT_OF_RANGE', 'a total exceeds the exactly representable range', options);
  }
}

/**
 * `openSealedLedger` could not open the sealed data key: wrong secret, a sealed key of another
 * user, or damaged bytes. Answer it like an expired session.
 */
export class SealedKeyInvalidError extends CofferDbError {
  constructor(options?: { cause?: unknown }) {
    super('COFFER_DB_SEALED_KEY_INVALID', 'sealed ledger key does not open with this secret', options);
  }
}

/** The operation exists only on another storage backend (e.g. file backups on PostgreSQL). */
export class UnsupportedByBackendError extends CofferDbError {
  /** The operation that was called. */
  readonly operation: string;
  /** The backend that lacks it: `sqlite`, `postgres` or `pglite`. */
  readonly backend: string;

  constructor(operation: string, backend: string) {
    super('COFFER_DB_UNSUPPORTED_BY_BACKEND', `${operation} is not supported by the ${backend} backend`);
    this.operation = operation;
    this.backend = backend;
  }
}
