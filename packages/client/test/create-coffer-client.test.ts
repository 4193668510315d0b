import { describe, expect, it } from 'vitest';
import { type CofferClientOptions, createCofferClient } from '../src/index.js';

const url = 'http://127.0.0.1:1';

describe('createCofferClient options', () => {
  it.each<[string, Partial<CofferClientOptions>, RegExp]>([
    ['a non-http URL', { url: 'ws://127.0.0.1:4400' }, /options\.url/],
    ['a string that is not a URL', { url: 'not a url' }, /options\.url/],
    ['an unknown transport', { transport: 'carrier-pigeon' as 'sse' }, /options\.transport/],
    ['a zero maxBatchItems', { maxBatchItems: 0 }, /options\.maxBatchItems/],
    ['a tiny maxURLLength', { maxURLLength: 10 }, /options\.maxURLLength/],
    ['both token and getToken', { token: 'a', getToken: () => 'b' }, /options\.token and options\.getToken/],
    ['a non-string token', { token: 42 as unknown as string }, /options\.token/],
    [
      'a negative keep-alive',
      { keepAlive: { intervalMs: -1, pongTimeoutMs: 1 } },
      /options\.keepAlive\.intervalMs/,
    ],
    ['streamed paths that are not strings', { streamed: [1] as unknown as string[] }, /options\.streamed/],
  ])('throws a TypeError naming the option for %s', (_, options, message) => {
    expect(() => createCofferClient({ url, ...options })).toThrow(TypeError);
    expect(() => createCofferClient({ url, ...options })).toThrow(message);
  });

  it('reports a refused HTTP connection as a client error, not a crash', async () => {
    const client = createCofferClient({ url, transport: 'sse' });
    await expect(client.trpc.system.health.query()).rejects.toMatchObject({ name: 'TRPCClientError' });
    await client.close();
  });
});

describe('CofferClient tokens', () => {
  it('keeps the token given to setToken', async () => {
    const client = createCofferClient({ url, transport: 'sse', token: 'first' });
    expect(client.getToken()).toBe('first');
    client.setToken('second');
    expect(client.getToken()).toBe('second');
    client.setToken(null);
    expect(client.getToken()).toBeNull();
    await client.close();
  });

  it('reads the token from getToken on every call, and refuses setToken then', async () => {
    let token = 'one';
    const client = createCofferClient({ url, transport: 'sse', getToken: () => token });
    expect(client.getToken()).toBe('one');
    token = 'two';
    expect(client.getToken()).toBe('two');
    expect(() => client.setToken('three')).toThrow(TypeError);
    await client.close();
  });
});

describe('CofferClient.connection', () => {
  it('starts connecting, tells new subscribers the current status, and ends closed', async () => {
    const client = createCofferClient({ url, transport: 'sse' });
    const seen: string[] = [];
    const stop = client.connection.subscribe(({ state, transport }) => seen.push(`${state}/${transport}`));
    await client.close();
    await client.close();
    stop();
    expect(seen).toEqual(['connecting/sse', 'closed/sse']);
  });

  it('refuses a subscription after close() with a client error', async () => {
    const client = createCofferClient({ url, transport: 'sse' });
    await client.close();
    const error = await new Promise<unknown>((resolve) => {
      client.trpc.system.clock.subscribe({}, { onError: resolve });
    });
    expect(error).toMatchObject({ name: 'TRPCClientError', message: /closed/ });
  });
});
