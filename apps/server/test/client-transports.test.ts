import {
  type CofferClient,
  type CofferClientOptions,
  type ConnectionStatus,
  createCofferClient,
  type RouterOutputs,
  type SubscriptionEvent,
  type WebSocketConstructor,
} from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const cleanups = cleanupsAfterEach();

async function setUp(options: Partial<CofferClientOptions> = {}) {
  const started = await startServer();
  cleanups.push(() => started.server.close());
  const client = createCofferClient({ url: started.url, retryDelayMs: () => 50, ...options });
  cleanups.push(() => client.close());
  const statuses: ConnectionStatus[] = [];
  client.connection.subscribe((status) => statuses.push(status));
  return { ...started, client, statuses };
}

type Tick = SubscriptionEvent<RouterOutputs['system']['clock']>;

/** Collects `count` ticks; `onTick` sees each one as it arrives. */
function collectTicks(client: CofferClient, count: number, onTick: (tick: Tick) => void = () => {}) {
  return new Promise<Tick[]>((resolve, reject) => {
    const ticks: Tick[] = [];
    const sub = client.trpc.system.clock.subscribe(
      { intervalMs: 25 },
      {
        onData: (tick) => {
          ticks.push(tick);
          onTick(tick);
          if (ticks.length === count) {
            sub.unsubscribe();
            resolve(ticks);
          }
        },
        onError: reject,
      },
    );
  });
}

/** A real `ws` WebSocket that always dials a closed port, as when a proxy refuses upgrades. */
const UnreachableWebSocket = class extends WebSocket {
  constructor(_url: string | URL, protocols?: string | string[]) {
    super('ws://127.0.0.1:1/trpc', protocols);
  }
} as unknown as WebSocketConstructor;

const seqs = (ticks: Tick[]) => ticks.map((tick) => tick.data.seq);

describe('createCofferClient transports', () => {
  it("carries subscriptions over a WebSocket with transport 'auto' when one opens", async () => {
    const { client, statuses } = await setUp();
    expect(seqs(await collectTicks(client, 3))).toEqual([1, 2, 3]);
    expect(client.connection.current).toEqual({ state: 'open', transport: 'websocket', error: null });
    expect(statuses[0]).toMatchObject({ state: 'connecting', transport: 'websocket' });
  });

  it("carries tracked subscriptions over Server-Sent Events with transport 'sse'", async () => {
    const { client } = await setUp({ transport: 'sse' });
    expect(seqs(await collectTicks(client, 3))).toEqual([1, 2, 3]);
    expect(client.connection.current).toMatchObject({ state: 'open', transport: 'sse' });
  });

  it("falls back to SSE when the WebSocket cannot be opened with transport 'auto'", async () => {
    const { client, statuses } = await setUp({ WebSocket: UnreachableWebSocket });
    expect(seqs(await collectTicks(client, 3))).toEqual([1, 2, 3]);
    expect(client.connection.current).toMatchObject({ state: 'open', transport: 'sse' });
    expect(statuses.some((s) => s.transport === 'sse' && s.error !== null)).toBe(true);
  });

  it("keeps retrying the WebSocket with transport 'websocket', never falling back", async () => {
    const { client, statuses } = await setUp({ transport: 'websocket', WebSocket: UnreachableWebSocket });
    await expect.poll(() => statuses.filter((s) => s.error !== null).length).toBeGreaterThanOrEqual(2);
    expect(client.connection.current).toMatchObject({ state: 'connecting', transport: 'websocket' });
  });

  it.each(['websocket', 'sse'] as const)(
    'a token change over %s reconnects and the subscription resumes with no gap and no duplicate',
    async (transport) => {
      const { client, statuses } = await setUp({ transport, token: 'first' });
      let changed = false;
      const ticks = await collectTicks(client, 8, (tick) => {
        if (tick.data.seq === 3 && !changed) {
          changed = true;
          client.setToken('second');
        }
      });
      expect(seqs(ticks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(client.getToken()).toBe('second');
      const phases = statuses.map((s) => s.state);
      expect(phases.slice(phases.indexOf('open'))).toContain('reconnecting');
      expect(phases.at(-1)).toBe('open');
    },
  );

  it('close() completes every subscription and ends in the closed state', async () => {
    const { client } = await setUp();
    await collectTicks(client, 1);
    const completed = new Promise<void>((resolve) => {
      client.trpc.system.clock.subscribe({ intervalMs: 25 }, { onComplete: resolve });
    });
    await client.close();
    await completed;
    expect(client.connection.current.state).toBe('closed');
  });

  it('sends no batch larger than maxBatchItems (default 50, the server limit)', async () => {
    const { client } = await setUp();
    const answers = await Promise.all(Array.from({ length: 120 }, () => client.trpc.system.version.query()));
    expect(answers).toHaveLength(120);
  });

  it('answers the streamed procedures over httpBatchStreamLink (JSON lines) and others as one JSON body', async () => {
    const accepts: (string | null)[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      accepts.push(new Headers(init?.headers).get('trpc-accept'));
      return fetch(input, init);
    };
    const { client } = await setUp({ streamed: ['system.version'], fetch: recordingFetch });
    expect((await client.trpc.system.version.query()).version).toBe('0.0.0-test');
    expect((await client.trpc.system.health.query()).status).toBe('ok');
    await client.trpc.system.health.query(undefined, { context: { stream: true } });
    expect(accepts).toEqual(['application/jsonl', null, 'application/jsonl']);
  });
});

describe('SSE subscriptions on the server', () => {
  it('tell the client to reconnect after 40 s of silence (the server pings every 15 s)', async () => {
    const { server, url } = await startServer();
    cleanups.push(() => server.close());
    const input = encodeURIComponent(JSON.stringify({ intervalMs: 60_000 }));
    const abort = new AbortController();
    const response = await fetch(`${url}/trpc/system.clock?input=${input}`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toMatch(/^event: connected\ndata: \{"reconnectAfterInactivityMs":40000\}/);
  });
});
