import type { RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, collect, errorCode, signIn } from './support/clients.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
const cleanups = cleanupsAfterEach();

describe('a session that expires', () => {
  // No maintenance runs here (no sweep): only the session's own expiry timer can end it.
  it('ends its WebSocket subscriptions with UNAUTHORIZED at its idle expiry', async () => {
    const server = await startServer({ sessions: { idleTimeoutMs: 1_500 } });
    cleanups.push(() => server.server.close());
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    const live = collect<LiveChange>((h) =>
      alice.client.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    await alice.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    await live.until((events) => events.length >= 1);
    const lastUse = Date.now();

    const error = (await live.error) as { data?: { code?: string } };
    expect(error.data?.code).toBe('UNAUTHORIZED');
    expect(Date.now() - lastUse).toBeGreaterThanOrEqual(1_000); // not before its time
    expect(await server.composed.sessions.unlockedLedgers()).toEqual([]);
    expect(await errorCode(alice.client.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('ends its subscriptions at its absolute expiry, before any idle expiry', async () => {
    const server = await startServer({ sessions: { idleTimeoutMs: 60_000, absoluteTimeoutMs: 2_000 } });
    cleanups.push(() => server.server.close());
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    const live = collect<LiveChange>((h) =>
      alice.client.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );

    const error = (await live.error) as { data?: { code?: string } };
    expect(error.data?.code).toBe('UNAUTHORIZED');
    expect(await server.composed.sessions.unlockedLedgers()).toEqual([]);
  });
});
