import { type CofferClientOptions, createCofferClient, isCofferError } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const cleanups = cleanupsAfterEach();

async function setUp(options: Partial<CofferClientOptions> = {}) {
  const started = await startServer();
  cleanups.push(() => started.server.close());
  const newClient = (extra: Partial<CofferClientOptions> = {}) => {
    const client = createCofferClient({ url: started.url, retryDelayMs: () => 50, ...options, ...extra });
    cleanups.push(() => client.close());
    return client;
  };
  const owner = newClient();
  await owner.trpc.auth.register.mutate({ username: 'ada', password: 'correct horse' });
  return { ...started, newClient };
}

/**
 * Resolves with the first `live.changes` event the client receives (replaying the log from its
 * start, so a change made before the subscription is established counts), or rejects with its error.
 */
function firstChange(client: ReturnType<typeof createCofferClient>) {
  return new Promise<unknown>((resolve, reject) => {
    const sub = client.trpc.live.changes.subscribe(
      { lastEventId: '0' },
      {
        onData: (event) => {
          sub.unsubscribe();
          resolve(event);
        },
        onError: (error) => {
          sub.unsubscribe();
          reject(error);
        },
      },
    );
  });
}

describe('client.login() and client.logout()', () => {
  it.each(['websocket', 'sse'] as const)(
    'login() keeps the token for HTTP calls and for subscriptions over %s',
    async (transport) => {
      const { newClient } = await setUp({ transport });
      const client = newClient();
      const { session } = await client.login({ username: 'ada', password: 'correct horse' });
      expect(client.getToken()).toEqual(expect.any(String));
      expect((await client.trpc.auth.me.query()).id).toBe(session.id);
      const change = firstChange(client);
      await client.trpc.accounts.create.mutate({ name: 'Cash', kind: 'asset', currency: 'EUR' });
      expect(await change).toMatchObject({ data: { kind: 'change', change: { entity: 'account' } } });
    },
  );

  it('logout() ends access: the old token is refused and the client holds none', async () => {
    const { newClient } = await setUp();
    const client = newClient();
    const { token } = await client.login({ username: 'ada', password: 'correct horse' });
    await client.logout();
    expect(client.getToken()).toBeNull();
    await expect(client.trpc.auth.me.query()).rejects.toSatisfy((e) => isCofferError(e, 'UNAUTHORIZED'));
    const stale = newClient({ token });
    await expect(stale.trpc.auth.me.query()).rejects.toSatisfy((e) => isCofferError(e, 'UNAUTHORIZED'));
  });

  it('logout() forgets the token even when the session had already ended', async () => {
    const { newClient } = await setUp();
    const client = newClient();
    await client.login({ username: 'ada', password: 'correct horse' });
    await client.logout();
    client.setToken('no-such-session');
    await expect(client.logout()).rejects.toSatisfy((e) => isCofferError(e, 'UNAUTHORIZED'));
    expect(client.getToken()).toBeNull();
  });

  it('a wrong password rejects with COFFER_API_LOGIN_FAILED in error.data.cofferCode and keeps no token', async () => {
    const { newClient } = await setUp();
    const client = newClient();
    const failure = await client.login({ username: 'ada', password: 'wrong' }).catch((e: unknown) => e);
    expect(isCofferError(failure, 'COFFER_API_LOGIN_FAILED')).toBe(true);
    expect(isCofferError(failure, 'COFFER_DB_WRONG_PASSWORD')).toBe(false);
    expect(client.getToken()).toBeNull();
  });
});

describe('httpBatchLink maxURLLength', () => {
  it('splits a batch of long queries into several requests instead of one over-long URL', async () => {
    const urls: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const { newClient } = await setUp({ fetch: recordingFetch, maxURLLength: 2048 });
    const client = newClient();
    await client.login({ username: 'ada', password: 'correct horse' });
    urls.length = 0;
    const text = 'x'.repeat(400);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        client.trpc.entries.list.query({ category: text.slice(0, 80), tag: text.slice(0, 40) }),
      ),
    );
    expect(answers).toHaveLength(30);
    expect(urls.length).toBeGreaterThan(1);
    expect(Math.max(...urls.map((url) => url.length))).toBeLessThanOrEqual(2048);
  });
});
