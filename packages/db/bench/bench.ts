/**
 * Timings of @coffer/db through the executor on a generated ledger (default 200 000 entries over
 * five years): bulk insert, CSV import (and idempotent re-import), reports, search, list pages.
 * `--drivers` runs the whole bench once per SQLite driver, one after the other, and prints them
 * side by side.
 *   pnpm --filter @coffer/db bench -- --entries 200000
 *   pnpm --filter @coffer/db bench -- --drivers better-sqlite3-multiple-ciphers,@signalapp/sqlcipher
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool } from '@coffer/sqlite-worker';
import {
  createLedgerStore,
  generateLedger,
  parseLedgerCsv,
  seedLedger,
  type UserLedger,
} from '../src/index.js';
import { cliArgs, intArg } from './cli-args.js';

const args = cliArgs(process.argv.slice(2));
const entries = intArg(args, 'entries', 200_000);
const importRows = intArg(args, 'import-rows', 50_000);
const runs = intArg(args, 'runs', 7);
const drivers = (args.get('drivers') ?? 'better-sqlite3-multiple-ciphers').split(',');

let rows: [string, string][] = [];
const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 1)} ms`;

async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function timeIt(label: string, work: () => Promise<unknown>): Promise<void> {
  const t = await median(work);
  rows.push([label, ms(t)]);
  console.log(`${label}: ${ms(t)}`);
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

async function benchDriver(driver: string): Promise<[string, string][]> {
  rows = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-db-bench-'));
  const pool = createSqlitePool({ driver });
  const store = await createLedgerStore({ dataDir, pool });
  try {
    const ledger = await store.createUser('bench', 'bench password');
    console.log(`seeding ${entries} entries…`);
    const seedStart = performance.now();
    const { accounts } = await seedLedger(ledger, { entries, years: 5, endDate: '2025-12-31' });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    rows.push([
      `bulk insert ${entries.toLocaleString('en')} entries (createMany, 5 000 per executor batch)`,
      `${seedSeconds.toFixed(1)} s = ${Math.round(entries / seedSeconds).toLocaleString('en')} entries/s`,
    ]);
    console.log(rows.at(-1)?.join(': '));

    await timeIt('reports.balances(asOf) — all accounts', () =>
      ledger.reports.balances({ asOf: '2025-12-31' }),
    );
    await timeIt('reports.balances(asOf mid-range)', () => ledger.reports.balances({ asOf: '2023-06-30' }));
    await timeIt('reports.monthly — 12 months by category', () =>
      ledger.reports.monthly({ from: '2025-01', to: '2025-12' }),
    );
    await timeIt('reports.monthly — 60 months by category (all entries)', () =>
      ledger.reports.monthly({ from: '2021-01', to: '2025-12' }),
    );
    await timeIt('reports.netWorth — 60 monthly points', () =>
      ledger.reports.netWorth({ from: '2021-01', to: '2025-12' }),
    );
    for (const query of ['coff', 'albert heijn', 'dinner', 'sushi ko', 'z']) {
      await timeIt(`entries.search("${query}") top 20`, () => ledger.entries.search({ query }));
    }
    await timeIt('entries.list first page (50)', () => ledger.entries.list());
    const deep = await ledger.entries.list({ limit: 500 });
    await timeIt('entries.list page after a cursor, category + date range', () =>
      ledger.entries.list({
        cursor: deep.nextCursor,
        category: 'Groceries',
        from: '2022-01-01',
        to: '2025-06-30',
      }),
    );
    await timeIt('entries.list by tag (50)', () => ledger.entries.list({ tag: 'vacation' }));

    const csv = join(dataDir, 'import.csv');
    await writeCsv(csv, importRows);
    const target = accounts[0];
    if (!target) throw new Error('no account');
    const first = await importFile(ledger, target.id, csv);
    rows.push([
      `CSV import ${importRows.toLocaleString('en')} rows (parse + validate + dedupe + insert)`,
      `${first.seconds.toFixed(2)} s = ${Math.round(importRows / first.seconds).toLocaleString('en')} rows/s (added ${first.result.added})`,
    ]);
    console.log(rows.at(-1)?.join(': '));
    const again = await importFile(ledger, target.id, csv);
    rows.push([
      'same CSV again (idempotent: everything skipped)',
      `${again.seconds.toFixed(2)} s = ${Math.round(importRows / again.seconds).toLocaleString('en')} rows/s (added ${again.result.added}, skipped ${again.result.skipped})`,
    ]);
    console.log(rows.at(-1)?.join(': '));
    await timeIt('backup (online, encrypted)', () => store.backup(ledger));
    return rows;
  } finally {
    await store.close();
    await pool.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results: [string, string][][] = [];
for (const driver of drivers) {
  console.log(
    `\n## ${driver} (load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  results.push(await benchDriver(driver));
}
console.log(
  `\n| what (${entries.toLocaleString('en')} entries, median of ${runs}) | ${drivers.join(' | ')} |\n|---|${drivers.map(() => '---|').join('')}`,
);
for (const [i, [what]] of (results[0] ?? []).entries()) {
  console.log(`| ${what} | ${results.map((r) => r[i]?.[1] ?? '').join(' | ')} |`);
}
