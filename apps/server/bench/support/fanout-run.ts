import { setTimeout as sleep } from 'node:timers/promises';
import { userOfChange } from './ipc-protocol.js';
import { type DeliveryLog, type LightSubscriber, quantile } from './light-subscriber.js';
import type { ServerProcess } from './server-process.js';

/** What one measured phase of changes produced. */
export interface PhaseResult {
  readonly changes: number;
  readonly ratePerSecond: number;
  readonly delivered: number;
  readonly expected: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How long the writes took to commit, p50 / p99 (ms): part of every delivery's latency. */
  readonly commitP50Ms: number;
  readonly commitP99Ms: number;
  /** Server CPU (all threads) from the first write until the last delivery, µs. */
  readonly serverCpuUs: number;
  /** Its main thread's part, µs (`null` off Linux). */
  readonly serverMainThreadCpuUs: number | null;
  /** Close codes subscribers saw during the phase, with counts. */
  readonly closes: Record<string, number>;
}

/** Options of {@link runPhase}. */
export interface PhaseOptions {
  readonly server: ServerProcess;
  readonly subscribers: readonly { subscriber: LightSubscriber; user: number }[];
  readonly log: DeliveryLog;
  readonly users: number;
  readonly rate: number;
  readonly count: number;
  /** Index of the first change. */
  readonly first: number;
  /** `write` on Coffer, `broadcast` (of this template) on the raw server. */
  readonly template?: string;
  readonly memoLength?: number;
  /** See `userOfChange`. @default null */
  readonly hotUser?: number | null;
  /** Longest wait for stragglers after the last write (also ends after 5 s without one). @default 20_000 */
  readonly drainMs?: number;
  /** Called once the writes started, e.g. to pause a subscriber. */
  readonly during?: () => Promise<void>;
}

/**
 * Writes (or broadcasts) `count` changes at `rate`, waits until every subscriber has every change
 * of its user (or nothing arrived for 5 s, or `drainMs` passed), and reports latency, loss and
 * the server's CPU. A change still missing then counts as lost.
 */
export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { server, subscribers, log, users, rate, count, first } = options;
  const hotUser = options.hotUser ?? null;
  log.window(first, count);
  const closesBefore = subscribers.map(({ subscriber }) => subscriber.closeCodes.length);
  const expectedFor = (user: number) => {
    let n = 0;
    for (let i = first; i < first + count; i += 1) if (userOfChange(i, users, hotUser) === user) n += 1;
    return n;
  };
  const expected = subscribers.reduce(
    (sum, { subscriber, user }) => sum + expectedFor(user) * subscriber.seen.length,
    0,
  );
  const before = await server.stats();
  const sending = server.send(
    options.template === undefined
      ? { op: 'write', rate, count, first, memoLength: options.memoLength ?? 0, hotUser }
      : { op: 'broadcast', rate, count, first, template: options.template },
  );
  await options.during?.();
  const sent = await sending;
  const commit = 'commitP50Ms' in sent ? sent : { commitP50Ms: 0, commitP99Ms: 0 };
  const drainUntil = performance.now() + (options.drainMs ?? 20_000);
  let last = -1;
  let lastProgressAt = performance.now();
  while (log.latencies.length < expected && performance.now() < drainUntil) {
    if (log.latencies.length !== last) {
      last = log.latencies.length;
      lastProgressAt = performance.now();
    } else if (performance.now() - lastProgressAt > 5_000) break;
    await sleep(50);
  }
  const after = await server.stats();
  let lost = 0;
  let duplicates = 0;
  for (const { subscriber, user } of subscribers) {
    for (const seen of subscriber.seen) {
      for (let i = first; i < first + count; i += 1) {
        if (userOfChange(i, users, hotUser) !== user) continue;
        const times = seen.get(i) ?? 0;
        if (times === 0) lost += 1;
        else duplicates += times - 1;
      }
    }
  }
  const closes: Record<string, number> = {};
  subscribers.forEach(({ subscriber }, k) => {
    for (const code of subscriber.closeCodes.slice(closesBefore[k])) closes[code] = (closes[code] ?? 0) + 1;
  });
  const latencies = log.latencies;
  const delivered = latencies.length;
  return {
    changes: count,
    ratePerSecond: rate,
    delivered,
    expected,
    lost,
    duplicates,
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    commitP50Ms: round(commit.commitP50Ms),
    commitP99Ms: round(commit.commitP99Ms),
    serverCpuUs: after.cpuUs - before.cpuUs,
    serverMainThreadCpuUs:
      after.mainThreadCpuUs === null || before.mainThreadCpuUs === null
        ? null
        : after.mainThreadCpuUs - before.mainThreadCpuUs,
    closes,
  };
}

/** Connects subscribers `batch` at a time (a thousand at once would be a connection storm). */
export async function connectAll(subscribers: readonly LightSubscriber[], batch = 50): Promise<void> {
  for (let i = 0; i < subscribers.length; i += batch) {
    await Promise.all(subscribers.slice(i, i + batch).map((subscriber) => subscriber.connect()));
  }
}

/** Two decimals. */
export function round(value: number): number {
  return Number(value.toFixed(2));
}
