import type { ColumnType, Generated } from 'kysely';
import type { AccountKind, ImportBatchStatus } from '../model.js';

/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** `accounts`: one row per account; archived accounts keep their entries. */
export interface AccountsTable {
  id: Generated<number>;
  name: string;
  kind: AccountKind;
  currency: string;
  archived: Defaulted<number>;
  created_at: number;
  updated_at: number;
}

/** `entries`: amounts in integer minor units of the account's currency; dates `YYYY-MM-DD`. */
export interface EntriesTable {
  id: Generated<number>;
  account_id: number;
  date: string;
  amount: number;
  payee: string;
  memo: string;
  category: string | null;
  /** JSON array of tag names; `entry_tags` is derived from it by triggers. */
  tags: string;
  import_batch_id: number | null;
  /** Fingerprint of an imported row, unique per account: makes re-imports idempotent. */
  import_key: string | null;
  created_at: number;
  updated_at: number;
}

/** `import_batches`: one row per import run. */
export interface ImportBatchesTable {
  id: Generated<number>;
  account_id: number;
  source_name: string;
  status: ImportBatchStatus;
  row_count: Defaulted<number>;
  added: Defaulted<number>;
  skipped: Defaulted<number>;
  invalid: Defaulted<number>;
  content_hash: string | null;
  started_at: number;
  finished_at: number | null;
}

/** `tags`: the tag vocabulary (derived from entries by triggers). */
export interface TagsTable {
  id: Generated<number>;
  name: string;
}

/** `entry_tags`: which entry carries which tag (derived by triggers). */
export interface EntryTagsTable {
  entry_id: number;
  tag_id: number;
}

/** `daily_totals`: per account and day, the net change and entry count (maintained by triggers). */
export interface DailyTotalsTable {
  account_id: number;
  date: string;
  delta: number;
  entry_count: number;
}

/** `change_log`: every insert/update/delete of a ledger entity, written by triggers. */
export interface ChangeLogTable {
  seq: Generated<number>;
  entity: string;
  op: string;
  entity_id: number;
  at: number;
  row: string | null;
}

/** `ledger_meta`: small key/value facts about the ledger (e.g. the change-log floor). */
export interface LedgerMetaTable {
  key: string;
  value: string;
}

/** The user database as Kysely sees it. */
export interface UserDatabase {
  accounts: AccountsTable;
  entries: EntriesTable;
  import_batches: ImportBatchesTable;
  tags: TagsTable;
  entry_tags: EntryTagsTable;
  daily_totals: DailyTotalsTable;
  change_log: ChangeLogTable;
  ledger_meta: LedgerMetaTable;
}
