import { PassThrough } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCofferClient, type RouterOutputs, type SubscriptionEvent } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { type StartOptions, startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, type Collected, collect, signIn } from './support/clients.js';
import { probeNotices } from './support/notices.js';
import { RawTrpcSocket } from './support/raw-socket.js';
import { trackedSockets } from './support/tracked-sockets.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
const cleanups = cleanupsAfterEach();

/** A server whose log lines are kept, so a test can wait for one. */
async function serverWithLog(options: StartOptions) {
  const lines: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => lines.push(...String(chunk).split('\n').filter(Boolean)));
  const started = await startServer({ ...options, logStream });
  cleanups.push(() => started.server.close());
  const logged = async (message: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!lines.some((line) => line.includes(message))) {
      if (Date.now() > deadline) throw new Error(`"${message}" was not logged within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { ...started, logged };
}

const SHED = 'slow WebSocket consumer shed';

// `global.gc` without restarting vitest with --expose-gc: the flag, then a fresh context's `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and external memory still reachable after a full collection. */
function retainedMemory(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** A client on {@link trackedSockets} that reconnects after 50 ms, closed after the test. */
function trackedClient(url: string, token: string) {
  const sockets = trackedSockets();
  const client = createCofferClient({ url, token, WebSocket: sockets.WebSocket, retryDelayMs: () => 50 });
  cleanups.push(() => client.close());
  return { client, sockets };
}

/** A ledger CSV whose rows each carry a ~1 KiB memo. */
function wideCsv(count: number): string {
  const memo = 'm'.repeat(1_000);
  const rows = Array.from(
    { length: count },
    (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},-1.00,Shop ${i},${memo}`,
  );
  return `date,amount,payee,memo\n${rows.join('\n')}\n`;
}

describe('a connection that stops reading', () => {
  it('holds 50 of 1 000 live.changes subscriptions, is cut with 1013 when it stops reading, memory bounded', async () => {
    const { url, logged } = await serverWithLog({
      webSocket: {
        maxSubscriptionsPerConnection: 50,
        maxCallsPerMessage: 50,
        maxBufferedBytes: 16_384,
        slowConsumerGraceMs: 300,
      },
    });
    const writer = await signIn(url, 'writer');
    cleanups.push(() => writer.client.close());
    const account = await writer.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const probe = await RawTrpcSocket.open(url, writer.token);
    cleanups.push(() => probe.ws.terminate());
    probe.subscribe('live.changes', {}, 1_000, 50);
    await probe.until(() => {
      const { started, errors } = probe.tally();
      return started + (errors.TOO_MANY_REQUESTS ?? 0) >= 1_000;
    });
    expect(probe.tally()).toEqual({ started: 50, errors: { TOO_MANY_REQUESTS: 950 } });

    probe.ws.pause(); // stops reading: the kernel's buffers fill, then the server's send buffer
    const before = retainedMemory();
    // ~2 000 changes of ~1 KiB each, to 50 subscriptions: ~100 MB unless the server stops producing.
    await writer.client.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'wide.csv',
      csv: wideCsv(2_000),
    });
    await logged(SHED);
    expect(retainedMemory() - before).toBeLessThan(32 * 1024 * 1024);
    probe.ws.resume();
    expect(await probe.closed).toBe(1013);
  });

  it('does not slow system.health while it holds the most subscriptions it may', async () => {
    const { url } = await serverWithLog({
      webSocket: { maxBufferedBytes: 65_536, slowConsumerGraceMs: 60_000 },
    });
    const probe = await RawTrpcSocket.open(url);
    cleanups.push(() => probe.ws.terminate());
    probe.subscribe('system.clock', { intervalMs: 10 }, 1_000, 100);
    await probe.until(() => {
      const { started, errors } = probe.tally();
      return started + (errors.TOO_MANY_REQUESTS ?? 0) >= 1_000;
    });
    expect(probe.tally()).toEqual({ started: 100, errors: { TOO_MANY_REQUESTS: 900 } });
    probe.ws.pause();
    await new Promise((resolve) => setTimeout(resolve, 500)); // let its buffers fill

    const timings: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      const started = performance.now();
      const res = await fetch(`${url}/trpc/system.health`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    expect(timings[4]).toBeLessThan(100); // the median: one slow call on a loaded test machine is noise
  });
});

describe('a slow live.changes consumer', () => {
  it('is cut with 1013 and, after it reads again, has every change exactly once; others are unaffected', async () => {
    const { url, composed, logged } = await serverWithLog({
      webSocket: { maxBufferedBytes: 16_384, slowConsumerGraceMs: 300 },
    });
    const writer = await signIn(url, 'writer');
    cleanups.push(() => writer.client.close());
    const account = await writer.client.trpc.accounts.create.mutate(CASH_ACCOUNT);

    const { client: slowClient, sockets: slowSockets } = trackedClient(url, writer.token);
    // Several subscriptions on the one slow connection, so it has plenty to fall behind on.
    const slow: Collected<LiveChange>[] = Array.from({ length: 5 }, () =>
      collect<LiveChange>((h) => slowClient.trpc.live.changes.subscribe({ lastEventId: '0' }, h)),
    );
    const { client: steadyClient, sockets: steadySockets } = trackedClient(url, writer.token);
    const steady = collect<LiveChange>((h) =>
      steadyClient.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    // Each replays the log from the start: the account's creation, at least.
    for (const live of [...slow, steady]) await live.until((events) => events.length >= 1);

    slowSockets.all[0]?.pause();
    const { taskId } = await writer.client.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'wide.csv',
      csv: wideCsv(1_000),
    });
    await logged(SHED);
    slowSockets.all[0]?.resume();

    const session = await composed.sessions.authenticate(writer.token);
    const expectedSeqs = async () =>
      ((await session?.ledger.changes.readAfter(0, 10_000)) ?? []).map((e) => e.seq);
    await expect
      .poll(async () => (await writer.client.trpc.tasks.get.query({ id: taskId })).status)
      .toBe('succeeded');
    const expected = await expectedSeqs();
    expect(expected.length).toBeGreaterThan(1_000);
    const seqsOf = (events: LiveChange[]) => events.map((e) => Number(e.id));
    for (const live of [...slow, steady]) {
      await live.until((events) => seqsOf(events).at(-1) === expected.at(-1), 30_000);
      expect(seqsOf(live.events)).toEqual(expected);
    }
    expect(slowSockets.closeCodes[0]).toBe(1013);
    expect(slowSockets.all.length).toBeGreaterThan(1); // the slow client reconnected and resumed
    expect(steadySockets.all.length).toBe(1);
    expect(steadySockets.closeCodes).toEqual([]);
  });
});

describe('a live.notifications burst bigger than the subscription queue', () => {
  it('sheds the connection with 1013; the client reconnects and gets later notifications', async () => {
    const started = await serverWithLog({
      api: { maxBufferedEvents: 16 },
      webSocket: { slowConsumerGraceMs: 60_000 }, // only the queue can shed here
    });
    const { url, logged } = started;
    const user = await signIn(url, 'notified');
    cleanups.push(() => user.client.close());
    const { client, sockets } = trackedClient(url, user.token);
    const { notify, untilLive, untilDelivered } = await probeNotices(started, client, user.token);
    await untilLive();

    for (let i = 0; i < 100; i += 1) notify(`burst ${i}`); // in one tick: the queue holds 16
    await logged('Notifications fell too far behind');
    await expect.poll(() => sockets.closeCodes[0]).toBe(1013);
    await expect.poll(() => client.connection.current.state).toBe('open');
    await untilDelivered('after');
    expect(sockets.all.length).toBeGreaterThan(1);
  });
});
