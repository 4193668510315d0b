/**
 * Timings of @coffer/db through the executor on a generated ledger (default 200 000 entries over
 * five years): bulk insert, CSV import (and idempotent re-import), reports, search, list pages.
 * `--drivers` seeds one ledger per SQLite driver, then times every step on each driver in turn
 * (run 1 on every driver, run 2 on every driver, …) so drifts in machine load hit all of them alike,
 * and prints them side by side.
 *   pnpm --filter @coffer/db bench -- --entries 200000
 *   pnpm --filter @coffer/db bench -- --drivers better-sqlite3-multiple-ciphers,@signalapp/sqlcipher
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool } from '@coffer/sqlite-worker';
import { createLedgerStore, parseLedgerCsv, type UserLedger } from '../src/index.js';
import { generateLedger, seedLedger } from '../src/seed/index.js';
import { cliArgs, intArg } from './cli-args.js';

const args = cliArgs(process.argv.slice(2));
const entries = intArg(args, 'entries', 200_000);
const importRows = intArg(args, 'import-rows', 50_000);
const runs = intArg(args, 'runs', 7);
const drivers = (args.get('drivers') ?? 'better-sqlite3-multiple-ciphers').split(',');

const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 1)} ms`;
const perSecond = (count: number, seconds: number) =>
  `${seconds.toFixed(seconds < 10 ? 2 : 1)} s = ${Math.round(count / seconds).toLocaleString('en')}/s`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** One driver's ledger, seeded. */
interface Subject {
  driver: string;
  dataDir: string;
  close(): Promise<void>;
  backup(): Promise<unknown>;
  ledger: UserLedger;
  accountId: number;
}

/** Table rows: what, then one cell per driver. */
const table: [string, ...string[]][] = [];

function record(what: string, cells: string[]): void {
  table.push([what, ...cells]);
  console.log(`${what}: ${cells.join(' | ')}`);
}

/** Median of `runs` timings per subject, the subjects taking turns within each run. */
async function timeEach(
  what: string,
  subjects: readonly Subject[],
  work: (ledger: UserLedger) => Promise<unknown>,
): Promise<void> {
  for (const subject of subjects) await work(subject.ledger);
  const times = subjects.map(() => [] as number[]);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, subject] of subjects.entries()) {
      const start = performance.now();
      await work(subject.ledger);
      times[i]?.push(performance.now() - start);
    }
  }
  record(
    what,
    times.map((t) => ms(t.sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? 0)),
  );
}

async function writeCsv(path: string, count: number): Promise<void> {
  const lines = ['date,amount,payee,memo,category,tags'];
  for (const e of generateLedger({ entries: count, years: 1, seed: 99 }).entries()) {
    const amount = `${e.amount < 0 ? '-' : ''}${Math.floor(Math.abs(e.amount) / 100)}.${String(Math.abs(e.amount) % 100).padStart(2, '0')}`;
    lines.push(
      `${e.date},${amount},"${e.payee}","${e.memo}, imported",${e.category},${(e.tags ?? []).join(';')}`,
    );
  }
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
}

async function importFile(ledger: UserLedger, accountId: number, path: string) {
  const start = performance.now();
  const result = await ledger.imports.importRows({
    accountId,
    sourceName: 'bench.csv',
    rows: parseLedgerCsv(createReadStream(path)),
  });
  return { result, seconds: (performance.now() - start) / 1000 };
}

async function seeded(driver: string): Promise<{ subject: Subject; seconds: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-db-bench-'));
  const pool = createSqlitePool({ driver });
  const store = await createLedgerStore({ dataDir, pool });
  const ledger = await store.createUser('bench', 'bench password');
  console.log(`seeding ${entries} entries on ${driver} (load average ${load()})…`);
  const start = performance.now();
  const { accounts } = await seedLedger(ledger, { entries, years: 5, endDate: '2025-12-31' });
  const seconds = (performance.now() - start) / 1000;
  const accountId = accounts[0]?.id;
  if (accountId === undefined) throw new Error('no account');
  const close = async () => {
    await store.close();
    await pool.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return {
    subject: { driver, dataDir, close, backup: () => store.backup(ledger), ledger, accountId },
    seconds,
  };
}

const subjects: Subject[] = [];
try {
  const seedSeconds: number[] = [];
  for (const driver of drivers) {
    const { subject, seconds } = await seeded(driver);
    subjects.push(subject);
    seedSeconds.push(seconds);
  }
  record(
    `bulk insert ${entries.toLocaleString('en')} entries (createMany, 5 000 per executor batch)`,
    seedSeconds.map((s) => perSecond(entries, s)),
  );
  console.log(`timing (load average ${load()})…`);
  await timeEach('reports.balances(asOf) — all accounts', subjects, (l) =>
    l.reports.balances({ asOf: '2025-12-31' }),
  );
  await timeEach('reports.balances(asOf mid-range)', subjects, (l) =>
    l.reports.balances({ asOf: '2023-06-30' }),
  );
  await timeEach('reports.monthly — 12 months by category', subjects, (l) =>
    l.reports.monthly({ from: '2025-01', to: '2025-12' }),
  );
  await timeEach('reports.monthly — 60 months by category (all entries)', subjects, (l) =>
    l.reports.monthly({ from: '2021-01', to: '2025-12' }),
  );
  await timeEach('reports.netWorth — 60 monthly points', subjects, (l) =>
    l.reports.netWorth({ from: '2021-01', to: '2025-12' }),
  );
  for (const query of ['coff', 'albert heijn', 'dinner', 'sushi ko', 'z']) {
    await timeEach(`entries.search("${query}") top 20`, subjects, (l) => l.entries.search({ query }));
  }
  await timeEach('entries.list first page (50)', subjects, (l) => l.entries.list());
  const cursors = await Promise.all(
    subjects.map(async (s) => (await s.ledger.entries.list({ limit: 500 })).nextCursor),
  );
  await timeEach('entries.list page after a cursor, category + date range', subjects, (l) =>
    l.entries.list({
      cursor: cursors[subjects.findIndex((s) => s.ledger === l)],
      category: 'Groceries',
      from: '2022-01-01',
      to: '2025-06-30',
    }),
  );
  await timeEach('entries.list by tag (50)', subjects, (l) => l.entries.list({ tag: 'vacation' }));

  const imports: string[] = [];
  const reimports: string[] = [];
  for (const subject of subjects) {
    const csv = join(subject.dataDir, 'import.csv');
    await writeCsv(csv, importRows);
    const first = await importFile(subject.ledger, subject.accountId, csv);
    imports.push(`${perSecond(importRows, first.seconds)} (added ${first.result.added})`);
    const again = await importFile(subject.ledger, subject.accountId, csv);
    reimports.push(`${perSecond(importRows, again.seconds)} (skipped ${again.result.skipped})`);
  }
  record(`CSV import ${importRows.toLocaleString('en')} rows (parse + validate + dedupe + insert)`, imports);
  record('same CSV again (idempotent: everything skipped)', reimports);
  const backups = subjects.map(() => [] as number[]);
  for (let run = 0; run < Math.min(runs, 3); run += 1) {
    for (const [i, subject] of subjects.entries()) {
      const start = performance.now();
      await subject.backup();
      backups[i]?.push(performance.now() - start);
    }
  }
  record(
    'backup (online, encrypted)',
    backups.map((t) => ms(t.sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? 0)),
  );
  console.log(`\nload average at the end ${load()}`);
  console.log(
    `\n| what (${entries.toLocaleString('en')} entries, median of ${runs}) | ${drivers.join(' | ')} |\n|---|${drivers.map(() => '---|').join('')}`,
  );
  for (const row of table) console.log(`| ${row.join(' | ')} |`);
} finally {
  for (const subject of subjects) await subject.close();
}
