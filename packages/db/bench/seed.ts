/**
 * Seeds a realistic ledger into a data directory (creating the user, or unlocking it):
 *   pnpm --filter @coffer/db seed -- --entries 200000 [--data-dir <dir>] [--username demo] [--password 'demo password']
 */
import { join } from 'node:path';
import { createLedgerStore } from '../src/index.js';
import { seedLedger } from '../src/seed/index.js';
import { cliArgs, intArg } from './cli-args.js';

const args = cliArgs(process.argv.slice(2));
const entries = intArg(args, 'entries', 200_000);
const years = intArg(args, 'years', 5);
// Default: the repository's git-ignored /data directory (where the server looks by default).
const dataDir = args.get('data-dir') ?? join(import.meta.dirname, '..', '..', '..', 'data');
const username = args.get('username') ?? 'demo';
const password = args.get('password') ?? 'demo password';

const store = await createLedgerStore({ dataDir });
try {
  const ledger = (await store.getUser(username))
    ? await store.unlock(username, password)
    : await store.createUser(username, password);
  const started = performance.now();
  let lastReport = 0;
  await seedLedger(ledger, {
    entries,
    years,
    seed: intArg(args, 'seed', 1),
    onProgress: (written) => {
      if (written - lastReport >= 50_000 || written === entries) {
        lastReport = written;
        process.stdout.write(`  ${written.toLocaleString('en')} entries\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seeded ${entries.toLocaleString('en')} entries for "${username}" in ${dataDir} in ${seconds.toFixed(1)} s (${Math.round(entries / seconds).toLocaleString('en')}/s)`,
  );
  await store.lock(ledger);
} finally {
  await store.close();
}
