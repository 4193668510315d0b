/**
 * `pnpm bench` (live fan-out): 1 000 WebSocket subscribers to `live.changes`, spread over 10
 * users, while changes are written at 10 and at 100 per second: delivery latency (p50/p99), loss,
 * server CPU per delivered message and heap per idle subscription, for Coffer and, in the same
 * run, for a bare `ws` server broadcasting the same bytes. Both servers run in child processes,
 * so their CPU and memory are theirs alone. Prints one JSON line.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAll, type PhaseResult, round, runPhase } from './support/fanout-run.js';
import { DeliveryLog, LightSubscriber } from './support/light-subscriber.js';
import { benchServerEnv, startServerProcess } from './support/server-process.js';

const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const users = Number(process.env.BENCH_USERS ?? 10);
const phases = [
  { rate: 10, seconds: Number(process.env.BENCH_SECONDS_10 ?? 10) },
  { rate: 100, seconds: Number(process.env.BENCH_SECONDS_100 ?? 5) },
];
const loadBefore = loadavg();
const env = benchServerEnv(users);

// Coffer.
const coffer = await startServerProcess('coffer', env);
const log = new DeliveryLog();
let first = 0;
// What the writes cost without any subscriber, to tell fan-out CPU from write CPU.
const writeOnlyCount = 200;
const beforeWrites = await coffer.stats();
await coffer.send({ op: 'write', rate: 100, count: writeOnlyCount, first, memoLength: 0, hotUser: null });
first += writeOnlyCount;
const afterWrites = await coffer.stats();
const writeCpuUsPerChange = (afterWrites.cpuUs - beforeWrites.cpuUs) / writeOnlyCount;

// Heap per subscription apart from its connection: 10 connections × 100 subscriptions.
const bareline = await coffer.stats({ gc: true });
const multiplexed = Array.from(
  { length: 10 },
  (_, k) =>
    new LightSubscriber({
      url: coffer.wsUrl,
      token: coffer.tokens[k % users] as string,
      log,
      subscriptions: 100,
    }),
);
await connectAll(multiplexed);
await sleep(1_000);
const multiplexedStats = await coffer.stats({ gc: true });
const heapPerMultiplexedSubscriptionBytes = Math.round(
  (multiplexedStats.heapUsedBytes - bareline.heapUsedBytes) / (multiplexed.length * 100),
);
await Promise.all(multiplexed.map((subscriber) => subscriber.close()));
await sleep(500);

const idle = await coffer.stats({ gc: true });
const subscribers = Array.from({ length: subscriberCount }, (_, k) => ({
  user: k % users,
  subscriber: new LightSubscriber({ url: coffer.wsUrl, token: coffer.tokens[k % users] as string, log }),
}));
await connectAll(subscribers.map(({ subscriber }) => subscriber));
await sleep(1_000);
const subscribed = await coffer.stats({ gc: true });
const heapPerSubscriptionBytes = Math.round(
  (subscribed.heapUsedBytes - idle.heapUsedBytes) / subscriberCount,
);
const rssPerSubscriptionBytes = Math.round((subscribed.rssBytes - idle.rssBytes) / subscriberCount);

// One warm-up change, which also gives the raw server its message template.
await runPhase({ server: coffer, subscribers, log, users, rate: 10, count: users, first, drainMs: 5_000 });
first += users;
const cofferPhases: PhaseResult[] = [];
for (const { rate, seconds } of phases) {
  cofferPhases.push(
    await runPhase({ server: coffer, subscribers, log, users, rate, count: rate * seconds, first }),
  );
  first += rate * seconds;
}
const cofferEnd = await coffer.stats();
await Promise.all(subscribers.map(({ subscriber }) => subscriber.close()));
await coffer.close();
const template = templateOf(log.sample ?? '');

// The raw baseline: same subscribers per user, same bytes, same rates.
const raw = await startServerProcess('raw', env);
const rawLog = new DeliveryLog();
const rawSubscribers = Array.from({ length: subscriberCount }, (_, k) => ({
  user: k % users,
  subscriber: new LightSubscriber({ url: `${raw.wsUrl}/?user=${k % users}`, log: rawLog, resume: false }),
}));
const rawIdle = await raw.stats({ gc: true });
await connectAll(rawSubscribers.map(({ subscriber }) => subscriber));
await sleep(1_000);
const rawSubscribed = await raw.stats({ gc: true });
const rawPhases: PhaseResult[] = [];
for (const { rate, seconds } of phases) {
  const run = { server: raw, subscribers: rawSubscribers, log: rawLog, users, rate, count: rate * seconds };
  rawPhases.push(await runPhase({ ...run, first, template }));
  first += rate * seconds;
}
await Promise.all(rawSubscribers.map(({ subscriber }) => subscriber.close()));
await raw.close();
const loadAfter = loadavg();

const perMessage = (phase: PhaseResult, writeCpuUs = 0) => ({
  grossUs: round(phase.serverCpuUs / Math.max(1, phase.delivered)),
  netOfWritesUs: round((phase.serverCpuUs - writeCpuUs * phase.changes) / Math.max(1, phase.delivered)),
  mainThreadUs:
    phase.serverMainThreadCpuUs === null
      ? null
      : round(phase.serverMainThreadCpuUs / Math.max(1, phase.delivered)),
});
const byRate = Object.fromEntries(
  phases.map(({ rate }, i) => {
    const ours = cofferPhases[i] as PhaseResult;
    const theirs = rawPhases[i] as PhaseResult;
    const cpu = perMessage(ours, writeCpuUsPerChange);
    const rawCpu = perMessage(theirs);
    return [
      `${rate}/s`,
      {
        coffer: { ...ours, cpuPerDeliveredMessage: cpu },
        rawWs: { ...theirs, cpuPerDeliveredMessage: rawCpu },
        cpuCofferVsRaw: round(cpu.netOfWritesUs / Math.max(0.01, rawCpu.grossUs)),
      },
    ];
  }),
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'live fan-out',
    subscribers: subscriberCount,
    users,
    messageBytes: Buffer.byteLength(log.sample ?? ''),
    loadavg: { before: loadBefore.map(round), after: loadAfter.map(round) },
    heapPerIdleSubscriptionBytes: heapPerSubscriptionBytes,
    heapPerIdleSubscriptionOnSharedConnectionBytes: heapPerMultiplexedSubscriptionBytes,
    rssPerIdleSubscriptionBytes: rssPerSubscriptionBytes,
    rawWsHeapPerIdleConnectionBytes: Math.round(
      (rawSubscribed.heapUsedBytes - rawIdle.heapUsedBytes) / subscriberCount,
    ),
    writeCpuUsPerChange: round(writeCpuUsPerChange),
    byRate,
    serverErrors: cofferEnd.errors,
    serverWarnings: cofferEnd.warnings,
    lastServerProblems: cofferEnd.lastProblems,
    targets: {
      p99AtTenPerSecondMs: { target: 50, met: (cofferPhases[0]?.p99Ms ?? Infinity) <= 50 },
      cpuVsRaw: { target: 2, met: (byRate['10/s']?.cpuCofferVsRaw ?? Infinity) <= 2 },
      heapPerIdleSubscriptionBytes: { target: 16_384, met: heapPerSubscriptionBytes <= 16_384 },
      lost: { target: 0, met: cofferPhases.every((phase) => phase.lost === 0) },
    },
  })}\n`,
);

/** A Coffer message with its marker and seq made into placeholders, for the raw server. */
function templateOf(sample: string): string {
  return sample.replace(/b\d+@[\d.]+/, '__MARK__').replace(/"seq":\d+/, '"seq":__SEQ__');
}
