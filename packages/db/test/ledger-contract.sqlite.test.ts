import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool } from '@coffer/sqlite-worker';
import { driverUnderTest } from '@coffer/sqlite-worker/testing';
import { createLedgerStore } from '../src/index.js';
import { describeLedgerContract } from './contract/ledger-contract.js';

const pool = createSqlitePool({ threads: 1, driver: driverUnderTest() });
let dataDir = '';

describeLedgerContract('SQLite', {
  async open() {
    dataDir = await mkdtemp(join(tmpdir(), 'coffer-contract-'));
    return createLedgerStore({ dataDir, pool });
  },
  async dispose(store) {
    await store.close();
    await pool.close();
    await rm(dataDir, { recursive: true, force: true });
  },
});
