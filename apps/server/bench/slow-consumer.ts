/**
 * `pnpm bench` (slow consumer): 999 `live.changes` subscribers keep up while one client (one
 * connection holding the most subscriptions a connection may: 100) stops reading. Run twice at the
 * same rate, without and with the stuck client: the others' p99 must stay within 2× of the run
 * without it, the stuck one must be cut with 1013, server RSS must stay bounded, and once it reads
 * again and resumes from its last event ids it must hold every change exactly once. The server
 * runs in a child process. Prints one JSON line.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAll, type PhaseResult, round, runPhase } from './support/fanout-run.js';
import { DeliveryLog, LightSubscriber } from './support/light-subscriber.js';
import { benchServerEnv, startServerProcess } from './support/server-process.js';
import type { SlowClientRequest, SlowClientStatus } from './support/slow-client-process.js';

const others = Number(process.env.BENCH_SUBSCRIBERS ?? 999);
const users = Number(process.env.BENCH_USERS ?? 10);
const rate = Number(process.env.BENCH_RATE ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
// ~1.4 KB messages, and every other change for the stuck client's user, so that its unread bytes
// pass the kernel's socket buffers and the server's send-buffer cap within seconds.
const memoLength = 1_000;
const slowUser = 0;
const hotUser = slowUser;
const slowSubscriptions = 100;
/** What the server logs when it sheds a connection. */
const SHED = 'slow WebSocket consumer shed';
let shedAfterMs: number | null = null;
const loadBefore = loadavg();

const server = await startServerProcess('coffer', benchServerEnv(users));
const log = new DeliveryLog();
const subscribers = Array.from({ length: others }, (_, k) => ({
  user: k % users,
  subscriber: new LightSubscriber({ url: server.wsUrl, token: server.tokens[k % users] as string, log }),
}));
const slow = forkSlowClient({
  SLOW_URL: server.wsUrl,
  SLOW_TOKEN: server.tokens[slowUser] as string,
  SLOW_SUBSCRIPTIONS: String(slowSubscriptions),
  SLOW_USER: String(slowUser),
  SLOW_HOT_USER: String(hotUser),
  BENCH_USERS: String(users),
});
await connectAll(subscribers.map(({ subscriber }) => subscriber));
await slow.ask('connect');
let first = 0;
const count = rate * seconds;
await runPhase({
  server,
  subscribers,
  log,
  users,
  rate: 10,
  count: users,
  first,
  memoLength,
  drainMs: 5_000,
});
first += users;

// 1. Everyone reads.
await slow.ask('window', { first, count });
const steady = await runPhase({ server, subscribers, log, users, rate, count, first, memoLength, hotUser });
const { lost: steadyLost, duplicates: steadyDuplicates } = await slow.ask('status');
const steadySlow = { lost: steadyLost, duplicates: steadyDuplicates };
first += count;
await sleep(1_000);

// 2. One client stops reading for the whole phase; RSS sampled meanwhile.
const start = await server.stats({ gc: true });
let peakRssBytes = start.rssBytes;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    peakRssBytes = Math.max(peakRssBytes, (await server.stats()).rssBytes);
    await sleep(250);
  }
})();
await slow.ask('window', { first, count });
const closesBefore = (await slow.ask('status')).closeCodes.length;
const stuck = await runPhase({
  server,
  subscribers,
  log,
  users,
  rate,
  count,
  first,
  memoLength,
  hotUser,
  during: async () => {
    await slow.ask('pause');
    // Until the server sheds it (or the writes end): then it reads again, gets what was queued
    // and the 1013 close, reconnects and resumes, while the writes go on.
    const until = performance.now() + seconds * 1_000;
    while (performance.now() < until) {
      const stats = await server.stats();
      if (stats.lastProblems.some((line) => line.includes(SHED))) {
        shedAfterMs = Math.round(performance.now() - (until - seconds * 1_000));
        break;
      }
      await sleep(200);
    }
    await slow.ask('resume');
  },
});
const pausedFor = performance.now();
const resumeDeadline = performance.now() + 30_000;
while ((await slow.ask('status')).lost > 0 && performance.now() < resumeDeadline) await sleep(100);
const resumedAfterMs = Math.round(performance.now() - pausedFor);
sampling = false;
await sampler;
const end = await server.stats({ gc: true });
const finalStatus = await slow.ask('status');
const slowOutcome = { lost: finalStatus.lost, duplicates: finalStatus.duplicates };
await Promise.all([...subscribers.map(({ subscriber }) => subscriber.close()), slow.ask('close')]);
await server.close();
const loadAfter = loadavg();
const closeCodes = finalStatus.closeCodes.slice(closesBefore);

const summary = (phase: PhaseResult) => ({
  p50Ms: phase.p50Ms,
  p99Ms: phase.p99Ms,
  delivered: phase.delivered,
  expected: phase.expected,
  lost: phase.lost,
  duplicates: phase.duplicates,
  closes: phase.closes,
});
const p99Ratio = round(stuck.p99Ms / Math.max(0.01, steady.p99Ms));
process.stdout.write(
  `${JSON.stringify({
    bench: 'live slow consumer',
    subscribers: others + 1,
    slowClientSubscriptions: slowSubscriptions,
    ratePerSecond: rate,
    slowClientUserShare: 0.5,
    seconds,
    messageBytes: Buffer.byteLength(log.sample ?? ''),
    loadavg: { before: loadBefore.map(round), after: loadAfter.map(round) },
    othersWithoutSlowClient: summary(steady),
    othersWithSlowClient: summary(stuck),
    othersP99Ratio: p99Ratio,
    slowClientBeforeStopping: steadySlow,
    slowClient: { closeCodes, shedAfterMs, ...slowOutcome, caughtUpAfterWritesMs: resumedAfterMs },
    serverRssBytes: { start: start.rssBytes, peak: peakRssBytes, end: end.rssBytes },
    serverHeapUsedBytes: { start: start.heapUsedBytes, end: end.heapUsedBytes },
    serverErrors: end.errors,
    lastServerProblems: end.lastProblems,
    targets: {
      othersP99WithinTwiceSteady: { met: p99Ratio <= 2 },
      cutWith1013: { met: closeCodes.includes(1013) },
      everyChangeExactlyOnce: { met: slowOutcome.lost === 0 && slowOutcome.duplicates === 0 },
    },
  })}\n`,
);

/** The stuck client in its own process, and a way to ask it things. */
function forkSlowClient(env: Record<string, string>) {
  const child = fork(new URL('./support/slow-client-process.ts', import.meta.url), {
    execArgv: ['--import', 'tsx', '--conditions=@coffer/source'],
    env: { ...process.env, ...env },
  });
  let nextId = 0;
  const waiting = new Map<number, (status: SlowClientStatus) => void>();
  child.on('message', (status: SlowClientStatus) => waiting.get(status.id)?.(status));
  return {
    ask(
      op: 'connect' | 'pause' | 'resume' | 'status' | 'close' | 'window',
      window?: { first: number; count: number },
    ) {
      const id = nextId++;
      const request = (op === 'window' ? { id, op, ...window } : { id, op }) as SlowClientRequest;
      return new Promise<SlowClientStatus>((resolve) => {
        waiting.set(id, (status) => {
          waiting.delete(id);
          resolve(status);
        });
        child.send(request);
      });
    },
  };
}
