/**
 * The three backends side by side in one run: unlock cost, bulk insert, single reads (one caller
 * and 16 concurrent), a list page, a search, and what row-level security's per-transaction
 * `set_config` costs on PostgreSQL (the same read bare, in a transaction of four round trips
 * — `BEGIN`, `set_config`, the read, `COMMIT` — of three, whose first message carries both
 * `BEGIN` and `set_config`, of two, with the read pipelined behind that message, and of one, the
 * store's for a one-statement read, with `COMMIT` pipelined behind the read too).
 *   pnpm --filter @coffer/db exec tsx --conditions=@coffer/source bench/backends.ts -- --entries 10000
 * PostgreSQL: `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test); a throwaway
 * database is created and dropped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createLedgerStore, type LedgerStore, type UserLedger } from '../src/index.js';
import type { PgDatabase } from '../src/postgres-only/pg-schema.js';
import { withUser } from '../src/postgres-only/user-scope.js';
import { UserScopedDialect } from '../src/postgres-only/user-scoped-dialect.js';
import { cliArgs, intArg } from './cli-args.js';

const args = cliArgs(process.argv.slice(2));
const entryCount = intArg(args, 'entries', 10_000);
const reads = intArg(args, 'reads', 2_000);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'correct horse battery staple';

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function measure(name: string, store: LedgerStore): Promise<Record<string, string>> {
  const [, createMs] = await time(() => store.createUser('bench', PASSWORD));
  const [ledger, unlockMs] = await time(() => store.unlock('bench', PASSWORD));
  const account = await ledger.accounts.create({ name: 'Checking', kind: 'asset', currency: 'EUR' });
  const inputs = Array.from({ length: entryCount }, (_, i) => ({
    accountId: account.id,
    date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    amount: (i % 997) - 500,
    payee: `Payee ${i % 300} Market`,
    memo: `weekly shopping ${i % 17}`,
    category: `Category ${i % 12}`,
    tags: [`tag${i % 5}`],
  }));
  const [, insertMs] = await time(async () => {
    for (let i = 0; i < inputs.length; i += 1_000)
      await ledger.entries.createMany(inputs.slice(i, i + 1_000));
  });
  const ids = (await ledger.entries.list({ limit: 500 })).items.map((e) => e.id);
  const pick = (i: number) => ids[i % ids.length] as number;
  const [, serialMs] = await time(async () => {
    for (let i = 0; i < reads; i += 1) await ledger.entries.get(pick(i));
  });
  const [, concurrentMs] = await time(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < reads) await ledger.entries.get(pick(next++));
      }),
    );
  });
  const [, listMs] = await time(async () => {
    for (let i = 0; i < 50; i += 1) await ledger.entries.list({ limit: 50 });
  });
  const [, searchMs] = await time(async () => {
    for (let i = 0; i < 20; i += 1) await ledger.entries.search({ query: `payee ${i} mark` });
  });
  const [, monthlyMs] = await time(() => ledger.reports.monthly({ from: '2025-01', to: '2025-12' }));
  await store.lock(ledger as UserLedger);
  return {
    backend: name,
    'createUser ms': createMs.toFixed(0),
    'unlock ms': unlockMs.toFixed(0),
    'insert entries/s': Math.round(entryCount / (insertMs / 1000)).toLocaleString('en'),
    'get/s (1 caller)': Math.round(reads / (serialMs / 1000)).toLocaleString('en'),
    'get/s (16 callers)': Math.round(reads / (concurrentMs / 1000)).toLocaleString('en'),
    'list 50 ms': (listMs / 50).toFixed(2),
    'search ms': (searchMs / 20).toFixed(2),
    'monthly ms': monthlyMs.toFixed(1),
  };
}

/**
 * The same primary-key read on PostgreSQL on one pooled connection: bare, and in user-scoped
 * transactions of four, three, two and one (the store's) round trips; interleaved rounds, so load
 * drifts hit all alike.
 */
async function rlsOverhead(url: string): Promise<Record<string, string>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const pipelining = new pg.Pool({ connectionString: url, max: 1, pipeline: true });
  // `end()` resolves before the server has closed the sessions; dropping the database then kills them.
  for (const each of [pool, pipelining]) each.on('error', () => undefined);
  const db = new Kysely<PgDatabase>({ dialect: new PostgresDialect({ pool }) });
  const userId = '00000000-0000-4000-8000-000000000000';
  const scoped = new Kysely<PgDatabase>({ dialect: new UserScopedDialect(pool, userId) });
  const store = new Kysely<PgDatabase>({ dialect: new UserScopedDialect(pipelining, userId) });
  const single = new Kysely<PgDatabase>({
    dialect: new UserScopedDialect(pipelining, userId, { oneStatement: true }),
  });
  const read = (on: Kysely<PgDatabase>) => sql`SELECT 1 FROM users WHERE id = ${userId}`.execute(on);
  const totals = { plain: 0, four: 0, three: 0, two: 0, one: 0 };
  const rounds = 4;
  const perRound = Math.ceil(reads / rounds);
  for (let round = 0; round < rounds; round += 1) {
    totals.plain += (
      await time(async () => {
        for (let i = 0; i < perRound; i += 1) await read(db);
      })
    )[1];
    totals.four += (
      await time(async () => {
        for (let i = 0; i < perRound; i += 1) await withUser(db, userId, read);
      })
    )[1];
    totals.three += (
      await time(async () => {
        for (let i = 0; i < perRound; i += 1) await scoped.transaction().execute(read);
      })
    )[1];
    totals.two += (
      await time(async () => {
        for (let i = 0; i < perRound; i += 1) await store.transaction().execute(read);
      })
    )[1];
    totals.one += (
      await time(async () => {
        for (let i = 0; i < perRound; i += 1) await single.transaction().execute(read);
      })
    )[1];
  }
  await db.destroy();
  await pipelining.end();
  const perRead = (ms: number) => ((ms / (perRound * rounds)) * 1000).toFixed(0);
  return {
    'plain read µs': perRead(totals.plain),
    'scoped µs, 4 round trips': perRead(totals.four),
    'scoped µs, 3 round trips': perRead(totals.three),
    'scoped µs, 2 round trips': perRead(totals.two),
    'scoped µs, 1 round trip (store)': perRead(totals.one),
  };
}

const results: Record<string, string>[] = [];
console.log(`entries ${entryCount}, reads ${reads}; load before: ${load()}`);

const dataDir = await mkdtemp(join(tmpdir(), 'coffer-bench-'));
const sqlite = await createLedgerStore({ dataDir });
results.push(await measure('sqlite', sqlite));
await sqlite.close();
await rm(dataDir, { recursive: true, force: true });

const pglite = await createLedgerStore({ backend: { kind: 'pglite' } });
results.push(await measure('pglite', pglite));
await pglite.close();

const name = `coffer_store_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
admin.on('error', () => undefined);
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
let overhead: Record<string, string> = {};
try {
  const postgres = await createLedgerStore({ backend: { kind: 'postgres', url: url.toString() } });
  results.push(await measure('postgres', postgres));
  await postgres.close();
  overhead = await rlsOverhead(url.toString());
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
console.table(results);
console.table([overhead]);
console.log(`load after: ${load()}`);
