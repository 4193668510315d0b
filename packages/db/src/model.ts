/**
 * The ledger's domain types: what repositories take and return, and what the change log and the
 * API carry. Plain types with no imports, so every module can depend on them without cycles.
 * Table row types live in `user-database/user-schema.ts`; `shapes/` maps one onto the other.
 */

/** Kinds of account in the ledger. */
export type AccountKind = 'asset' | 'liability' | 'income' | 'expense' | 'equity';

/**
 * Status of an import batch. `interrupted`: the process died while the import ran; committed chunks stay, a re-import adds the rest.
 */
export type ImportBatchStatus = 'running' | 'done' | 'failed' | 'aborted' | 'interrupted';

/** An account of the ledger; every entry belongs to one and shares its currency. */
export interface Account {
  id: number;
  name: string;
  kind: AccountKind;
  /** ISO 4217 code, upper case. */
  currency: string;
  archived: boolean;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

/** Input of `accounts.create`. */
export interface CreateAccountInput {
  name: string;
  kind: AccountKind;
  currency: string;
}

/** Input of `accounts.update`: only name and kind change; currency is fixed once entries exist. */
export interface UpdateAccountInput {
  name?: string;
  kind?: AccountKind;
}

/** A ledger entry: a signed amount in the minor units of its account's currency. */
export interface Entry {
  id: number;
  accountId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Integer minor units (cents); negative leaves the account. */
  amount: number;
  payee: string;
  memo: string;
  category: string | null;
  /** Normalized (lower-case, sorted, unique) tag names. */
  tags: string[];
  importBatchId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Input of `entries.create`. */
export interface CreateEntryInput {
  accountId: number;
  date: string;
  amount: number;
  payee?: string;
  memo?: string;
  category?: string | null;
  tags?: string[];
}

/** Patch of `entries.update`: the fields to change. */
export type UpdateEntryInput = Partial<CreateEntryInput>;

/**
 * A parsed source row to import: an entry without its account (the import names it once) plus
 * the source line, for error reports. Values are validated by the import.
 */
export interface ImportRow extends Omit<CreateEntryInput, 'accountId'> {
  /** Line number in the source, for error reports. */
  line: number;
}

/** A source row the parser already rejected. */
export interface InvalidImportRow {
  line: number;
  error: string;
}

/** The record of one import run. */
export interface ImportBatch {
  id: number;
  accountId: number;
  sourceName: string;
  status: ImportBatchStatus;
  rowCount: number;
  added: number;
  skipped: number;
  invalid: number;
  contentHash: string | null;
  startedAt: number;
  finishedAt: number | null;
}

/** Operation recorded in the change log; `reset` means "the whole ledger changed (restore): resync". */
export type ChangeOp = 'insert' | 'update' | 'delete' | 'reset';

interface ChangeBase {
  /** Strictly increasing, never reused (also across prunes and restores). */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  entityId: number;
}

/** One change-log entry; `row` is the entity after the change (before it, for `delete`). */
export type ChangeEntry =
  | (ChangeBase & { entity: 'account'; op: Exclude<ChangeOp, 'reset'>; row: Account })
  | (ChangeBase & { entity: 'entry'; op: Exclude<ChangeOp, 'reset'>; row: Entry })
  | (ChangeBase & { entity: 'importBatch'; op: Exclude<ChangeOp, 'reset'>; row: ImportBatch })
  | (ChangeBase & { entity: 'ledger'; op: 'reset'; row: null });
