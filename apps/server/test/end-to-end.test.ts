import {
  createCofferClient,
  isCofferError,
  type RouterOutputs,
  type SubscriptionEvent,
} from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const cleanups = cleanupsAfterEach();

async function setUp() {
  const started = await startServer();
  cleanups.push(() => started.server.close());
  const client = createCofferClient({ url: started.url, retryDelayMs: () => 50 });
  cleanups.push(() => client.close());
  return { ...started, client };
}

type Tick = SubscriptionEvent<RouterOutputs['system']['clock']>;

function collectTicks(
  client: ReturnType<typeof createCofferClient>,
  count: number,
  input: { intervalMs: number; lastEventId?: string },
): Promise<Tick[]> {
  return new Promise((resolve, reject) => {
    const ticks: Tick[] = [];
    const sub = client.trpc.system.clock.subscribe(input, {
      onData: (tick) => {
        ticks.push(tick);
        if (ticks.length === count) {
          sub.unsubscribe();
          resolve(ticks);
        }
      },
      onError: reject,
    });
  });
}

describe('client ↔ server over real sockets', () => {
  it('answers a typed query over HTTP', async () => {
    const { client } = await setUp();
    const health = await client.trpc.system.health.query();
    expect(health).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), version: '0.0.0-test' });
  });

  it('batches several queries into one HTTP request and answers each', async () => {
    const { client } = await setUp();
    const [a, b] = await Promise.all([client.trpc.system.health.query(), client.trpc.system.version.query()]);
    expect(a.status).toBe('ok');
    expect(b.version).toBe('0.0.0-test');
  });

  it('streams tracked ticks over WebSocket', async () => {
    const { client } = await setUp();
    const ticks = await collectTicks(client, 3, { intervalMs: 20 });
    expect(ticks.map((t) => t.id)).toEqual(['1', '2', '3']);
    expect(ticks.map((t) => t.data.seq)).toEqual([1, 2, 3]);
  });

  it('reports an unknown procedure as NOT_FOUND to the client', async () => {
    const { url } = await setUp();
    const res = await fetch(`${url}/trpc/system.healht`);
    expect(res.status).toBe(404);
    const sub = await fetch(`${url}/elsewhere`);
    expect(sub.status).toBe(404);
  });

  it('rejects invalid input with BAD_REQUEST carrying the zod issues and no stack trace', async () => {
    const { client } = await setUp();
    const error = await new Promise<unknown>((resolve) => {
      client.trpc.system.clock.subscribe({ intervalMs: 1 }, { onData: () => {}, onError: resolve });
    });
    if (!isCofferError(error, 'BAD_REQUEST')) throw new Error(`expected BAD_REQUEST, got ${String(error)}`);
    expect(error.data.zodError).toMatchObject({ fieldErrors: { intervalMs: [expect.any(String)] } });
    expect(error.data).not.toHaveProperty('stack');
  });

  it('resumes a subscription after lastEventId when the server restarts', async () => {
    const first = await startServer();
    const client = createCofferClient({ url: first.url, retryDelayMs: () => 50 });
    cleanups.push(() => client.close());
    const ticks: Tick[] = [];
    let restarted = false;
    const done = new Promise<void>((resolve, reject) => {
      const sub = client.trpc.system.clock.subscribe(
        { intervalMs: 20 },
        {
          onData: (tick) => {
            ticks.push(tick);
            if (ticks.length === 3 && !restarted) {
              restarted = true;
              void first.server
                .close()
                .then(() => startServer(first.port))
                .then((second) => cleanups.push(() => second.server.close()), reject);
            }
            if (ticks.length === 6) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await done;
    expect(ticks.map((t) => t.data.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
