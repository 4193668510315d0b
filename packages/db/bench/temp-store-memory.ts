/**
 * What keeping SQLite's temporary data in memory (`temp_store=MEMORY`, set by the executor on
 * every connection) costs on a 200 000-entry ledger, against the driver's default (temp files).
 * Seeds a ledger through the store, then runs each heavy statement in a fresh child process per
 * mode (alternating MEMORY / FILE, same run), opening the user database with the raw driver
 * (the executor refuses `temp_store=FILE` by design), and reports the child's peak RSS above its
 * RSS right after opening, plus the time.
 *   pnpm --filter @coffer/db exec tsx --conditions=@coffer/source bench/temp-store-memory.ts -- --entries 200000
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgs, intArg } from './cli-args.js';

const PASSWORD = 'bench password';

/** The heavy statements: full sorts on non-indexed columns, report-style GROUP BYs, an index build. */
const WORKLOADS: Record<string, string> = {
  'ORDER BY memo (all columns, 200k rows streamed)': 'SELECT * FROM entries ORDER BY memo',
  'ORDER BY payee, amount (3 columns)': 'SELECT payee, amount, date FROM entries ORDER BY payee, amount',
  'GROUP BY month, category (monthly report shape)':
    'SELECT substr(date, 1, 7) AS month, category, sum(amount), count(*) FROM entries GROUP BY month, category ORDER BY month',
  'SELECT DISTINCT memo': 'SELECT DISTINCT memo FROM entries',
  'CREATE INDEX on memo (rolled back)': 'CREATE INDEX bench_memo ON entries (memo)',
  'VACUUM (not run by Coffer; for reference)': 'VACUUM',
};

type Mode = 'MEMORY' | 'FILE';

function child(path: string, mode: Mode, label: string): void {
  const Driver = createRequire(new URL('../../sqlite-worker/package.json', import.meta.url))(
    'better-sqlite3-multiple-ciphers',
  ) as new (
    path: string,
  ) => {
    pragma(sql: string, options?: { simple: boolean }): unknown;
    prepare(sql: string): { iterate(): IterableIterator<unknown>; run(): unknown; reader: boolean };
    exec(sql: string): void;
    close(): void;
  };
  const db = new Driver(path);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key='${PASSWORD}'`);
  db.pragma(`temp_store=${mode}`);
  for (const _ of db.prepare('SELECT count(*) FROM entries').iterate());
  const before = process.memoryUsage().rss;
  const sql = WORKLOADS[label] ?? '';
  const started = performance.now();
  const stmt = db.prepare(sql);
  if (stmt.reader) {
    let rows = 0;
    for (const _ of stmt.iterate()) rows++;
    if (rows === 0) throw new Error('no rows');
  } else if (sql.startsWith('CREATE')) {
    db.exec('BEGIN');
    stmt.run();
    db.exec('ROLLBACK');
  } else stmt.run();
  const ms = performance.now() - started;
  // ru_maxrss is in KiB: the child's peak over its whole life.
  const peak = process.resourceUsage().maxRSS * 1024;
  db.close();
  process.stdout.write(JSON.stringify({ extraMb: (peak - before) / 2 ** 20, ms }));
}

async function parent(): Promise<void> {
  const args = cliArgs(process.argv.slice(2));
  const entries = intArg(args, 'entries', 200_000);
  const { createLedgerStore } = await import('../src/index.js');
  const { seedLedger } = await import('../src/seed/index.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-temp-store-bench-'));
  try {
    const store = await createLedgerStore({ dataDir });
    const ledger = await store.createUser('bench', PASSWORD);
    console.log(`seeding ${entries} entries…`);
    await seedLedger(ledger, { entries, years: 5, endDate: '2025-12-31' });
    await store.lock(ledger);
    await store.close();
    const file = (await readdir(join(dataDir, 'users'))).find((name) => /^[^.]+\.db$/.test(name));
    if (file === undefined) throw new Error('user database not found');
    const path = join(dataDir, 'users', file);
    console.log('| statement | MEMORY: extra peak RSS / time | FILE: extra peak RSS / time |');
    console.log('|---|---:|---:|');
    for (const label of Object.keys(WORKLOADS)) {
      const results: Record<Mode, { extraMb: number; ms: number }[]> = { MEMORY: [], FILE: [] };
      for (const mode of ['MEMORY', 'FILE', 'MEMORY', 'FILE'] as const) {
        const out = execFileSync(
          process.execPath,
          [...process.execArgv, import.meta.filename, '--child', path, mode, label],
          { encoding: 'utf8' },
        );
        results[mode].push(JSON.parse(out) as { extraMb: number; ms: number });
      }
      const cell = (mode: Mode) => {
        const best = results[mode].reduce((a, b) => (a.extraMb <= b.extraMb ? a : b));
        const ms = Math.min(...results[mode].map((r) => r.ms));
        return `${best.extraMb.toFixed(1)} MB / ${ms.toFixed(0)} ms`;
      };
      console.log(`| ${label} | ${cell('MEMORY')} | ${cell('FILE')} |`);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  const [path, mode, label] = process.argv.slice(at + 1);
  child(path ?? '', mode as Mode, label ?? '');
} else {
  await parent();
}
