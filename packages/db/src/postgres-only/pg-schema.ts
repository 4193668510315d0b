/**
 * PostgreSQL-only: the shared schema as Kysely sees it. One set of tables for every user, with
 * `user_id` on each ledger table (and row-level security on it); the registry tables keep the
 * SQLite global DB's shape, so `UserRegistry`, the login throttle and settings run unchanged.
 * `bytea` columns hold AES-256-GCM ciphertext (`*_enc`) or keyed blind values (`*_blind`, `tokens`).
 */
import type { ColumnType, Generated } from 'kysely';
import type { AccountKind, ImportBatchStatus } from '../model.js';
import type { LoginThrottleTable, SettingsTable, UsersTable } from '../registry/registry-schema.js';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** `user_keys`: the data key wrapped under the password-derived key (no password, no clear key). */
export interface UserKeysTable {
  user_id: string;
  kdf_salt: Buffer;
  kdf_iterations: number;
  wrapped_key: Buffer;
}

/** `ledger_heads`: per user, the last change-log seq handed out and the prune floor. */
export interface LedgerHeadsTable {
  user_id: string;
  seq: Defaulted<number>;
  pruned_through: Defaulted<number>;
}

/** `accounts`; `name_blind` enforces unique names per user without the name. */
export interface PgAccountsTable {
  id: Generated<number>;
  user_id: string;
  name_enc: Buffer;
  name_blind: Buffer;
  kind: AccountKind;
  currency: string;
  archived: Defaulted<number>;
  created_at: number;
  updated_at: number;
}

/** `entries`: amounts and dates in clear (for reports), text encrypted. */
export interface PgEntriesTable {
  id: Generated<number>;
  user_id: string;
  account_id: number;
  date: string;
  amount: number;
  payee_enc: Buffer;
  memo_enc: Buffer;
  category_enc: Buffer | null;
  category_blind: Buffer | null;
  tags_enc: Buffer;
  /** Blind values of the tags (tag filter, GIN-indexed). */
  tag_blinds: Buffer[];
  /** Blind values of the word prefixes of payee, memo and category (search, GIN-indexed). */
  tokens: Buffer[];
  import_batch_id: number | null;
  /** Keyed fingerprint of an imported row, unique per account. */
  import_key: string | null;
  created_at: number;
  updated_at: number;
}

/** `import_batches`. */
export interface PgImportBatchesTable {
  id: Generated<number>;
  user_id: string;
  account_id: number;
  source_name_enc: Buffer;
  status: ImportBatchStatus;
  row_count: Defaulted<number>;
  added: Defaulted<number>;
  skipped: Defaulted<number>;
  invalid: Defaulted<number>;
  content_hash: string | null;
  started_at: number;
  finished_at: number | null;
}

/** `change_log`: `(user_id, seq)`; `row_enc` is the entity's JSON, encrypted. */
export interface PgChangeLogTable {
  user_id: string;
  seq: number;
  entity: string;
  op: string;
  entity_id: number;
  at: number;
  row_enc: Buffer | null;
}

/** The whole PostgreSQL schema. */
export interface PgDatabase {
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  settings: SettingsTable;
  user_keys: UserKeysTable;
  ledger_heads: LedgerHeadsTable;
  accounts: PgAccountsTable;
  entries: PgEntriesTable;
  import_batches: PgImportBatchesTable;
  change_log: PgChangeLogTable;
}

/** Tables guarded by row-level security on `user_id`. */
export const USER_TABLES = [
  'user_keys',
  'ledger_heads',
  'accounts',
  'entries',
  'import_batches',
  'change_log',
] as const;
