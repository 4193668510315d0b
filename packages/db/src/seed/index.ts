/**
 * Demo and benchmark data, behind its own entry point so the main surface stays the ledger:
 *
 * ```ts
 * import { seedLedger } from '@coffer/db/seed';
 * await seedLedger(ledger, { entries: 10_000, seed: 42 });
 * ```
 */
export {
  type GeneratedEntry,
  type GeneratedLedger,
  type GenerateLedgerOptions,
  generateLedger,
} from './generate-ledger.js';
export { type SeedLedgerOptions, seedLedger } from './seed-ledger.js';
