/**
 * `pnpm bench`: an authenticated one-row read (`entries.get`) over HTTP, three ways in one run —
 * Coffer's server (lean HTTP glue), tRPC's stock standalone adapter serving the same router, and a
 * raw `node:http` handler doing the same read through the same store — at 1, 32 and 256
 * connections; then a batch of 10 reads per request at 32 connections. Loopback only; stops by
 * itself; prints one JSON line at the end.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { appRouter, createContextFactory, createMemorySessionRegistry } from '@coffer/api';
import { createLedgerStore } from '@coffer/db';
import { createTaskManager } from '@coffer/tasks';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { createCofferServer, createLogger } from '../src/index.js';

/** What the load generator is asked to do. */
interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
}

/** What it reports. */
interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * CPU time of the servers' thread per answered request (Linux; `null` elsewhere). The load
   * generator runs in a worker thread and SQLite in its own threads, so this is the HTTP glue,
   * tRPC and the store's main-thread part: unlike req/s, it hardly moves with the machine's load.
   */
  cpuUsPerRequest?: number | null;
}

const durationMs = Number(process.env.BENCH_MS ?? 3_000);
/** `getconf CLK_TCK`: 100 on every mainstream Linux. */
const CLOCK_TICKS_PER_SECOND = 100;
const levels = (process.env.BENCH_CONNECTIONS ?? '1,32,256').split(',').map(Number);

const dataDir = await mkdtemp(join(tmpdir(), 'coffer-bench-'));
const store = await createLedgerStore({ dataDir });
const tasks = createTaskManager();
const sessions = createMemorySessionRegistry({ store });
const ledger = await store.createUser('bench', 'correct horse battery');
const account = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
const entry = await ledger.entries.create({
  accountId: account.id,
  date: '2025-01-31',
  amount: -450,
  payee: 'Bakery',
});
const { token } = await sessions.create(ledger);
const logger = createLogger({ level: 'silent' });

const coffer = createCofferServer({
  port: 0,
  host: '127.0.0.1',
  logger,
  version: 'bench',
  store,
  tasks,
  sessions,
  httpAdapter: 'lean',
});
const cofferUrl = (await coffer.listen()).url;

const context = createContextFactory({ services: coffer.services });
const stock = createHTTPServer({ router: appRouter, basePath: '/trpc/', createContext: context.fromHttp });
const stockUrl = await listen(stock);

const raw = createServer((req, res) => {
  const header = req.headers.authorization ?? '';
  const bearer = header.startsWith('Bearer ') ? header.slice(7) : '';
  void sessions.authenticate(bearer).then(async (session) => {
    if (!session) {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, { id: number }>;
    let body: string;
    if (url.searchParams.get('batch') === '1') {
      const rows = await Promise.all(Object.values(input).map(({ id }) => session.ledger.entries.get(id)));
      body = JSON.stringify(rows.map((row) => ({ result: { data: row } })));
    } else {
      body = JSON.stringify({
        result: { data: await session.ledger.entries.get((input as unknown as { id: number }).id) },
      });
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      .end(body);
  });
});
const rawUrl = await listen(raw);

const path = `/trpc/entries.get?input=${encodeURIComponent(JSON.stringify({ id: entry.id }))}`;
const batchSize = 10;
const batchInput = Object.fromEntries(Array.from({ length: batchSize }, (_, i) => [i, { id: entry.id }]));
const batchPath = `/trpc/${Array(batchSize).fill('entries.get').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(batchInput))}`;
const batchConnections = Number(process.env.BENCH_BATCH_CONNECTIONS ?? 32);
const headers = { authorization: `Bearer ${token}` };
const allTargets = { coffer: cofferUrl, stockTrpc: stockUrl, rawNodeHttp: rawUrl } as const;
const only = process.env.BENCH_TARGETS?.split(','); // e.g. `coffer` alone, for a CPU profile
const targets = Object.fromEntries(
  Object.entries(allTargets).filter(([name]) => !only || only.includes(name)),
);
const results: Record<string, Record<number, LoadResult>> = {};
const loadBefore = loadavg();
// The targets share the router, zod and Kysely: warm them all up before measuring anything, then
// interleave the targets in `rounds` short windows so that load from other processes on a shared
// machine falls on all of them alike.
for (const base of Object.values(targets)) {
  await load({ url: `${base}${path}`, headers, connections: 32, durationMs: 1_000 });
  await load({ url: `${base}${batchPath}`, headers, connections: 32, durationMs: 500 });
}
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
for (const connections of levels) {
  const measured = await interleaved(path, connections);
  for (const [name, result] of Object.entries(measured)) {
    results[name] ??= {};
    (results[name] as Record<number, LoadResult>)[connections] = result;
    process.stderr.write(
      `${name} c=${connections}: ${result.rps} req/s, p99 ${result.p99Ms} ms, ${result.cpuUsPerRequest} µs CPU/req, errors ${result.errors}\n`,
    );
  }
}
const batch = await interleaved(batchPath, batchConnections);
for (const [name, result] of Object.entries(batch)) {
  process.stderr.write(
    `${name} batch of ${batchSize}, c=${batchConnections}: ${result.rps} req/s, p99 ${result.p99Ms} ms, ${result.cpuUsPerRequest} µs CPU/req, errors ${result.errors}\n`,
  );
}
const loadAfter = loadavg();

await coffer.close();
await new Promise((resolve) => stock.close(resolve));
await new Promise((resolve) => raw.close(resolve));
await tasks.shutdown();
await sessions.close();
await store.close();
await rm(dataDir, { recursive: true, force: true });

const ratio = (a: string, b: string, c: number) =>
  Number(((results[a]?.[c]?.rps ?? 0) / Math.max(1, results[b]?.[c]?.rps ?? 0)).toFixed(2));
/** How many times more main-thread CPU `b` spends per request than `a`. */
const cpuRatio = (a: LoadResult | undefined, b: LoadResult | undefined) =>
  a?.cpuUsPerRequest && b?.cpuUsPerRequest
    ? Number((b.cpuUsPerRequest / a.cpuUsPerRequest).toFixed(2))
    : null;
const batchRatio = (a: string, b: string) =>
  Number(((batch[a]?.rps ?? 0) / Math.max(1, batch[b]?.rps ?? 0)).toFixed(2));
process.stdout.write(
  `${JSON.stringify({
    bench: 'entries.get over HTTP',
    durationMs,
    loadavg: {
      before: loadBefore.map((l) => Number(l.toFixed(2))),
      after: loadAfter.map((l) => Number(l.toFixed(2))),
    },
    results,
    ratios: Object.fromEntries(
      levels.map((c) => [
        c,
        {
          cofferVsStock: ratio('coffer', 'stockTrpc', c),
          cofferVsRaw: ratio('coffer', 'rawNodeHttp', c),
          cpuCofferVsStock: cpuRatio(results.coffer?.[c], results.stockTrpc?.[c]),
          cpuCofferVsRaw: cpuRatio(results.coffer?.[c], results.rawNodeHttp?.[c]),
        },
      ]),
    ),
    batch: {
      procedures: batchSize,
      connections: batchConnections,
      results: batch,
      cofferVsStock: batchRatio('coffer', 'stockTrpc'),
      cofferVsRaw: batchRatio('coffer', 'rawNodeHttp'),
      cpuCofferVsStock: cpuRatio(batch.coffer, batch.stockTrpc),
      cpuCofferVsRaw: cpuRatio(batch.coffer, batch.rawNodeHttp),
    },
  })}\n`,
);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Every target at `connections`, in `rounds` interleaved windows of `durationMs / rounds` each. */
async function interleaved(target: string, connections: number): Promise<Record<string, LoadResult>> {
  const runs: Record<
    string,
    { latencies: number[]; errors: number; elapsedMs: number; cpuMs: number | null }
  > = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, base] of Object.entries(targets)) {
      const spec = { url: `${base}${target}`, headers, connections, durationMs: durationMs / rounds };
      const cpuBefore = mainThreadCpuMs();
      const result = await load(spec);
      const cpuAfter = mainThreadCpuMs();
      runs[name] ??= { latencies: [], errors: 0, elapsedMs: 0, cpuMs: 0 };
      const run = runs[name];
      for (const latency of result.latencies) run.latencies.push(latency);
      run.errors += result.errors;
      run.elapsedMs += result.elapsedMs;
      run.cpuMs =
        cpuBefore === null || cpuAfter === null || run.cpuMs === null
          ? null
          : run.cpuMs + cpuAfter - cpuBefore;
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, run]) => {
      const sorted = run.latencies.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return [
        name,
        {
          requests: sorted.length,
          errors: run.errors,
          rps: Math.round((sorted.length / run.elapsedMs) * 1000),
          p50Ms: Number(at(0.5).toFixed(2)),
          p99Ms: Number(at(0.99).toFixed(2)),
          cpuUsPerRequest:
            run.cpuMs === null ? null : Math.round((run.cpuMs * 1000) / Math.max(1, sorted.length)),
        },
      ];
    }),
  );
}

/** User + system CPU time of this process's main thread so far, from `/proc` (Linux), else `null`. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function load(spec: LoadSpec): Promise<LoadResult & { latencies: number[]; elapsedMs: number }> {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: spec });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult & { latencies: number[]; elapsedMs: number }) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}
