import { describe } from 'vitest';
import { createLedgerStore } from '../src/index.js';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../src/testing/index.js';
import { describeLedgerContract } from '../test/contract/ledger-contract.js';

describe.runIf(await postgresAnswers())('PostgreSQL server', () => {
  let database: TestDatabase;
  describeLedgerContract('PostgreSQL', {
    async open() {
      database = await createTestDatabase();
      return createLedgerStore({ backend: { kind: 'postgres', url: database.url, poolSize: 4 } });
    },
    async dispose(store) {
      await store.close();
      await database.drop();
    },
  });
});
