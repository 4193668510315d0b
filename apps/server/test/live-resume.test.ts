import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCofferClient, type RouterOutputs, type SubscriptionEvent } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, collect, signIn } from './support/clients.js';
import { trackedSockets } from './support/tracked-sockets.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
const cleanups = cleanupsAfterEach();

/** The seqs of the change log after `after`, read on the server: the truth to compare with. */
async function logSeqs(server: Awaited<ReturnType<typeof startServer>>, token: string, after: number) {
  const session = await server.composed.sessions.authenticate(token);
  const entries = (await session?.ledger.changes.readAfter(after, 10_000)) ?? [];
  return entries.map((e) => e.seq);
}

const seqsOf = (events: LiveChange[]) =>
  events.flatMap((e) => (e.data.kind === 'change' ? [Number(e.id)] : []));

describe('live.changes resumes with no loss and no duplicate', () => {
  it('after the WebSocket connection drops while writes go on', async () => {
    const server = await startServer();
    cleanups.push(() => server.server.close());
    const writer = await signIn(server.url, 'writer');
    cleanups.push(() => writer.client.close());
    const account = await writer.client.trpc.accounts.create.mutate(CASH_ACCOUNT);

    const sockets = trackedSockets();
    const reader = createCofferClient({
      url: server.url,
      token: writer.token,
      WebSocket: sockets.WebSocket,
      retryDelayMs: () => 50,
    });
    cleanups.push(() => reader.close());
    const live = collect<LiveChange>((h) => reader.trpc.live.changes.subscribe({ lastEventId: '1' }, h));

    const write = (i: number) =>
      writer.client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount: i });
    for (let i = 0; i < 10; i += 1) await write(i);
    await live.until((all) => all.length >= 5);
    sockets.all.at(-1)?.terminate(); // drop the connection mid-stream
    for (let i = 10; i < 30; i += 1) await write(i);
    const expected = await logSeqs(server, writer.token, 1);
    await live.until((all) => seqsOf(all).at(-1) === expected.at(-1));
    expect(sockets.all.length).toBeGreaterThan(1); // it did reconnect
    expect(seqsOf(live.events)).toEqual(expected);
    live.unsubscribe();
  });

  it('after a server restart, resubscribing with the last seen id', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coffer-restart-'));
    const first = await startServer({ dataDir });
    const { port } = first;
    const writer = await signIn(first.url, 'writer');
    const account = await writer.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const live = collect<LiveChange>((h) =>
      writer.client.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    const write = (client: typeof writer.client, i: number) =>
      client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount: i });
    for (let i = 0; i < 10; i += 1) await write(writer.client, i);
    await live.until((all) => all.length >= 5);
    // Writes the old subscription may or may not deliver before the server goes away.
    await Promise.all([write(writer.client, 100), write(writer.client, 101)]);
    await first.server.close();
    live.unsubscribe();
    await writer.client.close();
    const lastSeen = seqsOf(live.events).at(-1) ?? 0;

    const second = await startServer({ port, dataDir });
    cleanups.push(async () => {
      await second.server.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    // Sessions do not outlive the process (the ledger key is forgotten): sign in again.
    const again = await signIn(second.url, 'writer', { register: false });
    cleanups.push(() => again.client.close());
    for (let i = 200; i < 205; i += 1) await write(again.client, i);
    const resumed = collect<LiveChange>((h) =>
      again.client.trpc.live.changes.subscribe({ lastEventId: String(lastSeen) }, h),
    );
    const expected = await logSeqs(second, again.token, 0);
    await resumed.until((all) => seqsOf(all).at(-1) === expected.at(-1));
    const seen = [...seqsOf(live.events), ...seqsOf(resumed.events)];
    expect(seen).toEqual(expected);
    resumed.unsubscribe();
  });

  it('sends one typed resync event when lastEventId is below the log floor, then goes on live', async () => {
    const server = await startServer();
    cleanups.push(() => server.server.close());
    const first = await signIn(server.url, 'writer');
    const account = await first.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const write = (client: typeof first.client, i: number) =>
      client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount: i });
    for (let i = 0; i < 3; i += 1) await write(first.client, i);
    const lastSeen = (await logSeqs(server, first.token, 0)).at(-1) ?? 0;
    const session = await server.composed.sessions.authenticate(first.token);
    if (!session) throw new Error('expected a live session');
    // A restore raises the change log's floor above every seq handed out before it.
    const backup = await server.composed.store.backup(session.ledger);
    await write(first.client, 3);
    const restored = await server.composed.store.restoreBackup(
      session.ledger,
      backup.id,
      'correct horse battery',
    );
    await server.composed.store.lock(restored);
    await first.client.close();

    const again = await signIn(server.url, 'writer', { register: false });
    cleanups.push(() => again.client.close());
    const live = collect<LiveChange>((h) =>
      again.client.trpc.live.changes.subscribe({ lastEventId: String(lastSeen) }, h),
    );
    const [resync] = await live.until((all) => all.length >= 1);
    expect(resync?.data).toMatchObject({ kind: 'resync' });
    if (resync?.data.kind !== 'resync') throw new Error('expected a resync event');
    expect(resync.data.floorSeq).toBeGreaterThan(lastSeen);
    expect(resync.id).toBe(String(resync.data.latestSeq));
    await write(again.client, 4);
    const events = await live.until((all) => all.length >= 2);
    expect(events[1]?.data.kind).toBe('change');
    expect(Number(events[1]?.id)).toBeGreaterThan(resync.data.latestSeq);
    live.unsubscribe();
  });
});
