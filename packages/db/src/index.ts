export type { AmountFormat } from './csv/parse-amount.js';
export { parseAmount } from './csv/parse-amount.js';
export type { DateFormat } from './csv/parse-date.js';
export {
  type CsvColumns,
  type ParseLedgerCsvOptions,
  parseLedgerCsv,
} from './csv/parse-ledger-csv.js';
export {
  AccountNameTakenError,
  AccountUnavailableError,
  ChangeLogPrunedError,
  CofferDbError,
  type CofferDbErrorCode,
  CsvLimitExceededError,
  CurrencyMismatchError,
  InvalidInputError,
  InvalidPasswordError,
  InvalidUsernameError,
  LedgerLockedError,
  LoginThrottledError,
  MigrationFailedError,
  NotFoundError,
  SchemaTooNewError,
  SealedKeyInvalidError,
  StoreClosedError,
  TotalOutOfRangeError,
  UnknownUserError,
  UnlockBusyError,
  UnsupportedByBackendError,
  UsernameTakenError,
  WrongPasswordError,
} from './errors.js';
export type { BackupInfo } from './files/backup-files.js';
export type { ChangeEventsOptions } from './ledger/change-events.js';
export type { ChangeListener } from './ledger/change-notifier.js';
export type { UserLedger } from './ledger/user-ledger.js';
export {
  createLedgerStore,
  type LedgerStore,
} from './ledger-store.js';
export type {
  CommonStoreOptions,
  LedgerStoreOptions,
  PgliteBackendOptions,
  PostgresBackendOptions,
  PostgresFamilyBackend,
  PostgresStoreOptions,
  SqliteStoreOptions,
} from './ledger-store-options.js';
export type {
  Account,
  AccountKind,
  ChangeEntry,
  ChangeOp,
  CreateAccountInput,
  CreateEntryInput,
  Entry,
  ImportBatch,
  ImportBatchStatus,
  ImportRow,
  InvalidImportRow,
  UpdateAccountInput,
  UpdateEntryInput,
} from './model.js';
export type { EntryFilters } from './queries/entry-queries.js';
export type {
  EntrySearchHit,
  EntrySearchOptions,
  SnippetPart,
} from './queries/entry-search.js';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalizeUsername } from './registry/credentials.js';
export {
  type LoginDecision,
  type LoginThrottleOptions,
  MAX_THROTTLE_KEY_LENGTH,
} from './registry/login-throttle.js';
export type {
  SettingsStore,
  SettingValue,
} from './registry/settings.js';
export type { UserInfo } from './registry/user-registry.js';
export type { CurrencyTotals, NetWorthSeries } from './reports/currency-totals.js';
export type { AccountsRepository } from './repositories/accounts-repository.js';
export {
  CHANGE_LOG_FLOOR,
  type ChangeLogRepository,
  type PruneOptions,
} from './repositories/change-log-repository.js';
export type {
  EntriesRepository,
  EntryPage,
  ListEntriesOptions,
  StreamEntriesOptions,
} from './repositories/entries-repository.js';
export type {
  ImportOptions,
  ImportProgress,
  ImportResult,
  ImportsRepository,
} from './repositories/imports-repository.js';
export type {
  AccountBalance,
  BalancesReport,
  MonthlyCategoryTotal,
  ReportsRepository,
} from './repositories/reports-repository.js';
export {
  isSharedLedgerStore,
  MIN_SEAL_SECRET_BYTES,
  type SharedLedgerStore,
} from './shared-ledger-store.js';
// Seed generators live behind the `@coffer/db/seed` subpath export, out of this surface.
export type { UnlockOptions } from './unlock/login-guard.js';
export type { UnlockConcurrencyOptions } from './unlock/unlock-gate.js';
export { MAX_BULK } from './validation/entry-bulk.js';
export { currencyExponent, MAX_AMOUNT } from './validation/ledger-values.js';
