import { createLedgerStore } from '../src/index.js';
import { describeLedgerContract } from './contract/ledger-contract.js';

// In-memory PGlite: the PostgreSQL code paths (schema, RLS, blind index, encryption) with no server.
describeLedgerContract('PGlite', {
  open: () => createLedgerStore({ backend: { kind: 'pglite' } }),
  dispose: (store) => store.close(),
});
