import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool, type SqlitePool } from '@coffer/sqlite-worker';
import { driverUnderTest } from '@coffer/sqlite-worker/testing';
import { createLedgerStore, type LedgerStore, type SqliteStoreOptions } from '../../src/index.js';

/**
 * A store in a fresh temp dir on its own pool (on the driver `COFFER_TEST_SQLITE_DRIVER` names, if
 * set); `dispose` closes everything and removes the dir.
 */
export interface TempStore {
  dataDir: string;
  pool: SqlitePool;
  store: LedgerStore;
  /** Reopens the store on the same data dir (after `store.close()`). */
  reopen(options?: Partial<SqliteStoreOptions>): Promise<LedgerStore>;
  dispose(): Promise<void>;
}

/** Creates a {@link TempStore}. */
export async function createTempStore(options: Partial<SqliteStoreOptions> = {}): Promise<TempStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-db-'));
  const pool = createSqlitePool({ threads: 1, driver: driverUnderTest() });
  const stores: LedgerStore[] = [];
  const open = async (more: Partial<SqliteStoreOptions> = {}) => {
    const store = await createLedgerStore({ dataDir, pool, ...options, ...more });
    stores.push(store);
    return store;
  };
  const temp: TempStore = {
    dataDir,
    pool,
    store: await open(),
    async reopen(more) {
      temp.store = await open(more);
      return temp.store;
    },
    async dispose() {
      for (const store of stores) await store.close();
      await pool.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** Password used by tests (long enough for the policy). */
export const PASSWORD = 'correct horse battery staple';
