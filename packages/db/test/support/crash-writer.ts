/**
 * Child process of `crash-consistency.test.ts`: opens (or creates) a user in a data dir and writes
 * until it is killed, printing one line per ACKNOWLEDGED write — after its promise resolved — so
 * the parent knows exactly which writes the store promised to keep:
 *
 *   ready <accountId>
 *   entry <id> <payee>             one `entries.create` resolved
 *   chunk <rows> <added>           one `importRows` chunk committed (`onProgress`)
 *   import-done <batchId> <added>  the import finished
 *
 * Run with `node --import tsx --conditions=@coffer/source crash-writer.ts '<json CrashWriterArgs>'`.
 * stdout is a pipe, and pipe writes are synchronous on Linux, so a printed line is never lost to
 * the SIGKILL that follows it.
 */
import { createReadStream } from 'node:fs';
import { createSqlitePool } from '@coffer/sqlite-worker';
import { driverUnderTest } from '@coffer/sqlite-worker/testing';
import { createLedgerStore, parseLedgerCsv, type UserLedger } from '../../src/index.js';

/** What the parent passes as the only argument (JSON). */
export interface CrashWriterArgs {
  dataDir: string;
  username: string;
  password: string;
  /** Creates the user (first round) instead of unlocking it. */
  create: boolean;
  /** Prefix of this run's single-entry payees (unique per round). */
  payeePrefix: string;
  /** CSV to import while the single writes run. */
  csvPath: string;
  sourceName: string;
  chunkSize: number;
  /** Concurrent single-entry writers, so several writes are in flight when the kill lands. */
  writers: number;
}

const args = JSON.parse(process.argv[2] ?? '') as CrashWriterArgs;
const print = (line: string) => process.stdout.write(`${line}\n`);

async function accountOf(ledger: UserLedger): Promise<number> {
  const existing = (await ledger.accounts.list()).find((a) => a.name === 'Checking');
  if (existing) return existing.id;
  return (await ledger.accounts.create({ name: 'Checking', kind: 'asset', currency: 'EUR' })).id;
}

async function writeSingles(ledger: UserLedger, accountId: number, writer: number): Promise<never> {
  for (let i = 0; ; i += 1) {
    const payee = `${args.payeePrefix}-w${writer}-${i}`;
    const entry = await ledger.entries.create({
      accountId,
      date: `2025-0${1 + (i % 9)}-1${i % 10}`,
      amount: -(100 + i),
      payee,
      memo: `single write ${i}`,
      tags: i % 3 === 0 ? ['crash-test'] : [],
    });
    print(`entry ${entry.id} ${payee}`);
  }
}

async function importCsv(ledger: UserLedger, accountId: number): Promise<void> {
  const result = await ledger.imports.importRows({
    accountId,
    sourceName: args.sourceName,
    rows: parseLedgerCsv(createReadStream(args.csvPath)),
    chunkSize: args.chunkSize,
    onProgress: (progress) => print(`chunk ${progress.rows} ${progress.added}`),
  });
  print(`import-done ${result.batchId} ${result.added}`);
}

async function main(): Promise<void> {
  // Inherits COFFER_TEST_SQLITE_DRIVER from the test process, so it writes with the driver under test.
  const store = await createLedgerStore({
    dataDir: args.dataDir,
    pool: createSqlitePool({ driver: driverUnderTest() }),
  });
  const ledger = args.create
    ? await store.createUser(args.username, args.password)
    : await store.unlock(args.username, args.password);
  const accountId = await accountOf(ledger);
  print(`ready ${accountId}`);
  await Promise.all([
    importCsv(ledger, accountId),
    ...Array.from({ length: args.writers }, (_, writer) => writeSingles(ledger, accountId, writer)),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crash-writer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
