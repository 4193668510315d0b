import type { CreateAccountInput, CreateEntryInput } from '../model.js';
import { SEED_ACCOUNTS, SEED_TEMPLATES } from './ledger-templates.js';
import { SeededRandom } from './random.js';

/** Options of {@link generateLedger}. */
export interface GenerateLedgerOptions {
  /** Number of entries. */
  entries: number;
  /** Years covered, ending at `endDate`. @default 5 */
  years?: number;
  /** Last date of the ledger. @default '2025-12-31' */
  endDate?: string;
  /** PRNG seed; equal seeds give equal ledgers. @default 1 */
  seed?: number;
}

/** An entry to create, pointing at an account by its index in `accounts`. */
export type GeneratedEntry = Omit<CreateEntryInput, 'accountId'> & { accountIndex: number };

/** A generated ledger: accounts, and entries in date order (generated lazily, O(1) memory). */
export interface GeneratedLedger {
  accounts: readonly CreateAccountInput[];
  entries(): Generator<GeneratedEntry>;
}

const DAY_MS = 86_400_000;

/** Generates a realistic, deterministic ledger (groceries, salary, travel in yen, a mortgage…). */
export function generateLedger(options: GenerateLedgerOptions): GeneratedLedger {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const count = options.entries;
  if (!Number.isInteger(count) || count < 0) throw new TypeError('options.entries must be an integer ≥ 0');
  const years = options.years ?? 5;
  const end = Date.parse(`${options.endDate ?? '2025-12-31'}T00:00:00Z`);
  if (Number.isNaN(end)) throw new TypeError('options.endDate must be YYYY-MM-DD');
  const days = Math.max(1, Math.round(years * 365.25));
  const start = end - (days - 1) * DAY_MS;
  const weights = SEED_TEMPLATES.map((t) => t.weight);
  return {
    accounts: SEED_ACCOUNTS,
    *entries() {
      const random = new SeededRandom(options.seed ?? 1);
      for (let i = 0; i < count; i += 1) {
        const template = SEED_TEMPLATES[random.weighted(weights)];
        if (!template) continue;
        const accountIndex = random.pick(template.accounts);
        const day = Math.floor((i * days) / Math.max(count, 1));
        const entry: GeneratedEntry = {
          accountIndex,
          date: new Date(start + day * DAY_MS).toISOString().slice(0, 10),
          amount: template.sign * random.int(template.min, template.max),
          payee: random.pick(template.payees),
          memo: template.memos ? random.pick(template.memos) : '',
          category: template.category,
          tags: template.tags && random.next() < 0.3 ? [random.pick(template.tags)] : [],
        };
        yield entry;
      }
    },
  };
}
