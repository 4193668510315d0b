import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type StartOptions, startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { RawTrpcSocket } from './support/raw-socket.js';

const cleanups = cleanupsAfterEach();

async function server(options: StartOptions = {}) {
  const started = await startServer(options);
  cleanups.push(() => started.server.close());
  return started;
}

async function open(url: string, token?: string): Promise<RawTrpcSocket> {
  const socket = await RawTrpcSocket.open(url, token);
  cleanups.push(() => socket.ws.terminate());
  return socket;
}

/** Registers over plain HTTP (a Coffer client would open a WebSocket of its own). */
async function register(url: string, username: string): Promise<{ token: string }> {
  const res = await fetch(`${url}/trpc/auth.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'correct horse battery' }),
  });
  const body = (await res.json()) as { result: { data: { token: string } } };
  return { token: body.result.data.token };
}

/** Sends one `system.health` call and waits for its answer (so the connection's context exists). */
async function answered(socket: RawTrpcSocket) {
  const [id] = socket.batch('system.health', 1);
  await socket.until((responses) => responses.some((r) => r.id === id || r.id === null));
  return socket.responses.find((r) => r.id === id || r.id === null);
}

describe('calls per WebSocket message', () => {
  it('answers a message of 100 calls (the default limit) and refuses each call of a 101-call message', async () => {
    const { url } = await server();
    const socket = await open(url);
    const ok = socket.batch('system.health', 100);
    await socket.until((responses) => responses.length >= 100);
    expect(
      socket.responses.filter((r) => ok.includes(Number(r.id)) && r.result?.type === 'data'),
    ).toHaveLength(100);

    const refused = socket.batch('system.health', 101);
    await socket.until((responses) => responses.length >= 201);
    const answers = socket.responses.filter((r) => refused.includes(Number(r.id)));
    expect(answers).toHaveLength(101);
    expect(new Set(answers.map((r) => r.error?.data?.code))).toEqual(new Set(['BAD_REQUEST']));
    expect(socket.ws.readyState).toBe(WebSocket.OPEN); // a typed error, not a dropped connection
  });
});

describe('subscriptions per connection', () => {
  it('gives a stopped subscription its place back', async () => {
    const { url } = await server({ webSocket: { maxSubscriptionsPerConnection: 5, maxCallsPerMessage: 5 } });
    const socket = await open(url);
    const stopped = () => socket.responses.filter((r) => r.result?.type === 'stopped').length;
    // A client that flaps: each subscription is stopped in the message that starts it.
    socket.subscribeAndStop('system.clock', { intervalMs: 60_000 }, 20);
    await socket.until(() => stopped() >= 20);
    // Five that run, then stop.
    socket.subscribe('system.clock', { intervalMs: 60_000 }, 5, 5);
    await socket.until(() => socket.tally().started >= 5);
    socket.stopAll();
    await socket.until(() => stopped() >= 25);

    const before = socket.responses.length;
    socket.subscribe('system.clock', { intervalMs: 60_000 }, 6, 5);
    await socket.until((responses) => responses.length >= before + 6);
    const fresh = socket.responses.slice(before);
    expect(fresh.filter((r) => r.result?.type === 'started')).toHaveLength(5);
    expect(fresh.filter((r) => r.error?.data?.code === 'TOO_MANY_REQUESTS')).toHaveLength(1);
  });
});

describe('WebSocket connection limits', () => {
  it('refuses a user past maxConnectionsPerUser with TOO_MANY_REQUESTS and close 1008, others unaffected', async () => {
    const { url } = await server({ webSocket: { maxConnectionsPerUser: 2 } });
    const alice = await register(url, 'alice');
    const bob = await register(url, 'bob');
    const first = await open(url, alice.token);
    const second = await open(url, alice.token);
    expect((await answered(first))?.result?.type).toBe('data');
    expect((await answered(second))?.result?.type).toBe('data');

    const third = await open(url, alice.token);
    const refusal = await answered(third);
    expect(refusal?.error?.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(refusal?.error?.message).toMatch(/At most 2 WebSocket connections per user/);
    expect(await third.closed).toBe(1008);

    expect((await answered(await open(url, bob.token)))?.result?.type).toBe('data');
    first.ws.close();
    await first.closed;
    await expect.poll(async () => (await answered(await open(url, alice.token)))?.result?.type).toBe('data');
  });

  it('answers an upgrade past maxConnections with 503 and takes one again once a connection closes', async () => {
    const { url } = await server({ webSocket: { maxConnections: 2 } });
    const first = await open(url);
    await open(url);
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc`);
      ws.on('error', () => {}); // terminating a refused upgrade reports one
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => reject(new Error('the upgrade was accepted')));
    });
    expect(status).toBe(503);

    first.ws.close();
    await first.closed;
    await expect.poll(async () => (await answered(await open(url)))?.result?.type).toBe('data');
  });

  it('closes a connection with no subscription after idleTimeoutMs without calls, but not one that subscribes', async () => {
    const { url } = await server({ webSocket: { idleTimeoutMs: 200 } });
    const idle = await open(url);
    const subscribed = await open(url);
    subscribed.subscribe('system.clock', { intervalMs: 60_000 }, 1, 1);
    await subscribed.until(() => subscribed.tally().started === 1);
    expect(await idle.closed).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(subscribed.ws.readyState).toBe(WebSocket.OPEN);
  });
});
