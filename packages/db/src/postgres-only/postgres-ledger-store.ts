import { UnsupportedByBackendError } from '../errors.js';
import type { PostgresStoreOptions } from '../ledger-store-options.js';
import type { SharedLedgerStore } from '../shared-ledger-store.js';

/** Opens (creating and migrating if needed) the PostgreSQL schema and returns the store. */
export async function createPostgresLedgerStore(options: PostgresStoreOptions): Promise<SharedLedgerStore> {
  throw new UnsupportedByBackendError('createLedgerStore', options.backend.kind);
}
