/**
 * A real Coffer server for the live benchmarks, run in a child process (`fork`) so that its CPU
 * and memory are measured apart from the load generator's. It creates `BENCH_USERS` users with
 * one session each, listens on an ephemeral loopback port, and answers `BenchRequest`s over IPC:
 * `stats` (CPU, memory, problems logged), `write` (changes at a rate, each entry's payee carrying
 * its marker) and `close`. Extra server options (limits) come as JSON in `BENCH_SERVER_OPTIONS`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemorySessionRegistry } from '@coffer/api';
import { createLedgerStore, type UserLedger } from '@coffer/db';
import { createTaskManager } from '@coffer/tasks';
import { pino } from 'pino';
import { type CofferServerOptions, createCofferServer } from '../../src/index.js';
import { answerParent } from './answer-parent.js';
import {
  type BenchAnswer,
  type BenchReady,
  type BenchRequest,
  changeMarker,
  nowMs,
  type ServerStats,
  userOfChange,
} from './ipc-protocol.js';
import { threadCpuUs } from './proc-stat.js';

const users = Number(process.env.BENCH_USERS ?? 10);
const extra = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as Partial<CofferServerOptions>;

let errors = 0;
let warnings = 0;
const lastProblems: string[] = [];
const problem = (text: string) => {
  lastProblems.push(text.slice(0, 300));
  if (lastProblems.length > 5) lastProblems.shift();
};
process.on('uncaughtException', (error) => {
  errors += 1;
  problem(`uncaught: ${error.message}`);
});
process.on('unhandledRejection', (reason) => {
  errors += 1;
  problem(`unhandled rejection: ${String(reason)}`);
});
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      const { level, msg } = JSON.parse(line) as { level: number; msg?: string };
      if (level >= 50) errors += 1;
      else warnings += 1;
      problem(`${level} ${msg ?? ''}`);
    }
    done();
  },
});

const dataDir = await mkdtemp(join(tmpdir(), 'coffer-live-bench-'));
const store = await createLedgerStore({ dataDir });
const tasks = createTaskManager();
const sessions = createMemorySessionRegistry({ store });
const ledgers: { ledger: UserLedger; accountId: number }[] = [];
const tokens: string[] = [];
for (let i = 0; i < users; i += 1) {
  const ledger = await store.createUser(`bench${i}`, 'correct horse battery');
  const account = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  ledgers.push({ ledger, accountId: account.id });
  tokens.push((await sessions.create(ledger)).token);
}
const server = createCofferServer({
  port: 0,
  host: '127.0.0.1',
  logger: pino({ level: 'warn' }, logSink),
  version: 'bench',
  store,
  tasks,
  sessions,
  ...extra,
});
const { url } = await server.listen();

const ready: BenchReady = { ready: true, wsUrl: `${url.replace('http', 'ws')}/trpc`, tokens };
answerParent(ready, answer);

async function answer(request: BenchRequest): Promise<BenchAnswer> {
  switch (request.op) {
    case 'stats':
      return { id: request.id, error: null, stats: stats(request.gc) };
    case 'write': {
      const began = nowMs();
      const commits = await write(request, 'm'.repeat(request.memoLength));
      commits.sort((a, b) => a - b);
      const at = (q: number) => commits[Math.min(commits.length - 1, Math.floor(q * commits.length))] ?? 0;
      return {
        id: request.id,
        error: null,
        written: request.count,
        elapsedMs: nowMs() - began,
        commitP50Ms: at(0.5),
        commitP99Ms: at(0.99),
      };
    }
    case 'broadcast':
      throw new Error('broadcast is for the raw server');
    case 'close':
      await server.close();
      await tasks.shutdown();
      await sessions.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
      setImmediate(() => process.exit(0));
      return { id: request.id, error: null, closed: true };
  }
}

/** `count` entries at `rate` per second on a fixed schedule (not drifting with slow writes). */
async function write(
  { rate, count, first, hotUser }: { rate: number; count: number; first: number; hotUser: number | null },
  memo: string,
): Promise<number[]> {
  const start = nowMs();
  const pending: Promise<number>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    const index = first + i;
    const target = ledgers[userOfChange(index, ledgers.length, hotUser)] as (typeof ledgers)[number];
    const startedAt = nowMs();
    pending.push(
      target.ledger.entries
        .create({
          accountId: target.accountId,
          date: '2025-01-31',
          amount: -index,
          payee: changeMarker(index, startedAt),
          memo,
        })
        .then(() => nowMs() - startedAt),
    );
  }
  return Promise.all(pending);
}

function stats(gc: boolean): ServerStats {
  if (gc) {
    // `--expose-gc`: twice, so that objects freed by finalisers of the first pass go too.
    globalThis.gc?.();
    globalThis.gc?.();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuUs: cpu.user + cpu.system,
    mainThreadCpuUs: threadCpuUs(process.pid),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    errors,
    warnings,
    lastProblems: [...lastProblems],
  };
}
