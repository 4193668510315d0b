import type { UserLedger } from '../ledger/user-ledger.js';
import type { Account, CreateEntryInput } from '../model.js';
import { type GenerateLedgerOptions, generateLedger } from './generate-ledger.js';

/** Options of {@link seedLedger}. */
export interface SeedLedgerOptions extends GenerateLedgerOptions {
  /** Entries per `createMany` call (one executor batch each). @default 5000 */
  chunkSize?: number;
  /** Called after each chunk with the number of entries written so far. */
  onProgress?: (written: number) => void;
  /** Stops seeding between chunks. */
  signal?: AbortSignal;
}

/** Fills an (empty) ledger with a generated one through the public repositories. */
export async function seedLedger(
  ledger: UserLedger,
  options: SeedLedgerOptions,
): Promise<{ accounts: Account[]; entries: number }> {
  const generated = generateLedger(options);
  const chunkSize = options.chunkSize ?? 5000;
  const accounts: Account[] = [];
  for (const input of generated.accounts) accounts.push(await ledger.accounts.create(input));
  let chunk: CreateEntryInput[] = [];
  let written = 0;
  const flush = async () => {
    options.signal?.throwIfAborted();
    await ledger.entries.createMany(chunk);
    written += chunk.length;
    chunk = [];
    options.onProgress?.(written);
  };
  for (const { accountIndex, ...entry } of generated.entries()) {
    const account = accounts[accountIndex];
    if (!account) throw new Error(`generated entry points at missing account ${accountIndex}`);
    chunk.push({ ...entry, accountId: account.id });
    if (chunk.length >= chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
  return { accounts, entries: written };
}
