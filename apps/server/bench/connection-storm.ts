/**
 * `pnpm bench` (connection storm): 2 000 WebSocket connections opened within a second — each
 * presenting a token and subscribing to `live.changes`, as clients do when they all reconnect at
 * once — then closed; a warm-up round, then two measured ones. The server (in a child process)
 * must log no error, and its memory must come back to within 10% of where it was after the warm-up.
 * Prints one JSON line.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { round } from './support/fanout-run.js';
import { DeliveryLog, LightSubscriber } from './support/light-subscriber.js';
import { benchServerEnv, startServerProcess } from './support/server-process.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 2_000);
const users = Number(process.env.BENCH_USERS ?? 10);
const openWithinMs = 1_000;
const rounds = 2;
const loadBefore = loadavg();

const server = await startServerProcess('coffer', benchServerEnv(users));
const log = new DeliveryLog();
// A first storm warms up what grows once and stays (optimised code, which counts as heap, and the
// capacity of the server's connection maps); memory is judged from after it, and reported from
// before it too.
const cold = await server.stats({ gc: true });
const warmUp = await storm(connections);
const start = await server.stats({ gc: true });
const results = [];
for (let round = 0; round < rounds; round += 1) results.push(await storm(connections));
await sleep(1_000);
const end = await server.stats({ gc: true });
await server.close();
const loadAfter = loadavg();

const heapGrowth = (end.heapUsedBytes - start.heapUsedBytes) / start.heapUsedBytes;
const rssGrowth = (end.rssBytes - start.rssBytes) / start.rssBytes;
process.stdout.write(
  `${JSON.stringify({
    bench: 'WebSocket connection storm',
    connections,
    openWithinMs,
    loadavg: { before: loadBefore.map(round), after: loadAfter.map(round) },
    warmUpRound: warmUp,
    rounds: results,
    serverBeforeWarmUp: { heapUsedBytes: cold.heapUsedBytes, rssBytes: cold.rssBytes },
    serverHeapUsedBytes: { start: start.heapUsedBytes, end: end.heapUsedBytes, growth: round(heapGrowth) },
    serverRssBytes: { start: start.rssBytes, end: end.rssBytes, growth: round(rssGrowth) },
    serverErrors: end.errors,
    serverWarnings: end.warnings,
    lastServerProblems: end.lastProblems,
    targets: {
      noServerError: { met: end.errors === 0 },
      heapWithinTenPercent: { met: Math.abs(heapGrowth) <= 0.1 },
      rssWithinTenPercent: { met: Math.abs(rssGrowth) <= 0.1 },
    },
  })}\n`,
);

/** Opens `n` subscribed connections spread evenly over `openWithinMs`, then closes them all. */
async function storm(n: number) {
  const began = performance.now();
  let peakRssBytes = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRssBytes = Math.max(peakRssBytes, (await server.stats()).rssBytes);
      await sleep(100);
    }
  })();
  const subscribers: LightSubscriber[] = [];
  const refusals: Record<string, number> = {};
  const opening: Promise<void>[] = [];
  for (let k = 0; k < n; k += 1) {
    const due = began + (k * openWithinMs) / n;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const subscriber = new LightSubscriber({
      url: server.wsUrl,
      token: server.tokens[k % users] as string,
      log,
      resume: false,
    });
    subscribers.push(subscriber);
    opening.push(
      subscriber.connect().catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        refusals[reason] = (refusals[reason] ?? 0) + 1;
      }),
    );
  }
  const requestedWithinMs = Math.round(performance.now() - began);
  await Promise.all(opening);
  const openedWithinMs = Math.round(performance.now() - began);
  const subscribed = subscribers.filter((subscriber) => subscriber.open).length;
  const during = await server.stats();
  await Promise.all(subscribers.map((subscriber) => subscriber.close()));
  const closedWithinMs = Math.round(performance.now() - began);
  sampling = false;
  await sampler;
  await sleep(1_000);
  const after = await server.stats({ gc: true });
  return {
    subscribed,
    refusals,
    requestedWithinMs,
    allSubscribedWithinMs: openedWithinMs,
    allClosedWithinMs: closedWithinMs,
    serverRssPeakBytes: Math.max(peakRssBytes, during.rssBytes),
    serverHeapWithAllOpenBytes: during.heapUsedBytes,
    serverHeapAfterCloseBytes: after.heapUsedBytes,
    serverRssAfterCloseBytes: after.rssBytes,
  };
}
