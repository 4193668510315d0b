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
  | 'COFFER_DB_CHANGES_PRUNED';

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
