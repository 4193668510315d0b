import { createCofferClient, type RouterOutputs, type SubscriptionEvent } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, collect, signIn } from './support/clients.js';
import { probeNotices } from './support/notices.js';
import { startTcpProxy } from './support/tcp-proxy.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
const cleanups = cleanupsAfterEach();

async function server() {
  const started = await startServer();
  cleanups.push(() => started.server.close());
  return started;
}

describe('live subscriptions over Server-Sent Events', () => {
  it('resume by Last-Event-ID after the stream is dropped, with no loss and no duplicate', async () => {
    const { url, port, composed } = await server();
    const proxy = await startTcpProxy(port);
    cleanups.push(() => proxy.close());
    const writer = await signIn(url, 'writer');
    cleanups.push(() => writer.client.close());
    const account = await writer.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const reader = createCofferClient({ url: proxy.url, token: writer.token, transport: 'sse' });
    cleanups.push(() => reader.close());
    const live = collect<LiveChange>((h) => reader.trpc.live.changes.subscribe({ lastEventId: '0' }, h));
    const write = (amount: number) =>
      writer.client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount });

    for (let i = 1; i <= 5; i += 1) await write(i);
    await live.until((events) => events.length >= 6); // the account and five entries
    proxy.cutAll(); // a proxy drops the stream
    for (let i = 6; i <= 15; i += 1) await write(i);

    const session = await composed.sessions.authenticate(writer.token);
    const expected = ((await session?.ledger.changes.readAfter(0, 1_000)) ?? []).map((e) => e.seq);
    await live.until((events) => Number(events.at(-1)?.id) === expected.at(-1));
    expect(live.events.map((e) => Number(e.id))).toEqual(expected);
    const streams = proxy.requestHeads.filter((head) => head.startsWith('GET /trpc/live.changes'));
    expect(streams.length).toBeGreaterThan(1);
    expect(streams.at(-1)).toMatch(/^last-event-id: \d+\r$/im);
  });

  it('drop the stream when a subscription queue overflows, and the EventSource reconnects', async () => {
    const started = await startServer({ api: { maxBufferedEvents: 16 } });
    cleanups.push(() => started.server.close());
    const proxy = await startTcpProxy(started.port);
    cleanups.push(() => proxy.close());
    const user = await signIn(started.url, 'notified');
    cleanups.push(() => user.client.close());
    const client = createCofferClient({ url: proxy.url, token: user.token, transport: 'sse' });
    cleanups.push(() => client.close());
    const { notify, untilLive, untilDelivered } = await probeNotices(started, client, user.token);
    const streams = () =>
      proxy.requestHeads.filter((h) => h.startsWith('GET /trpc/live.notifications')).length;
    await untilLive();
    expect(streams()).toBe(1);

    for (let i = 0; i < 100; i += 1) notify(`burst ${i}`); // in one tick: the queue holds 16
    await expect.poll(streams, { timeout: 15_000 }).toBe(2);
    await untilDelivered('after');
  });

  it.each(['sse', 'websocket'] as const)(
    'refuses live.changes over %s without a valid token with UNAUTHORIZED',
    async (transport) => {
      const { url } = await server();
      for (const token of [undefined, 'not-a-session-token']) {
        const client = createCofferClient({ url, transport, ...(token ? { token } : {}) });
        cleanups.push(() => client.close());
        const live = collect<LiveChange>((h) => client.trpc.live.changes.subscribe({ lastEventId: null }, h));
        const error = (await live.error) as { data?: { code?: string } };
        expect(error.data?.code).toBe('UNAUTHORIZED');
      }
    },
  );
});
