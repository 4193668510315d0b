import type { IncomingMessage } from 'node:http';
import type { UserLedger } from '@coffer/db';
import { describe, expect, it } from 'vitest';
import { type ApiServices, createContextFactory, createMemorySessionRegistry } from '../src/index.js';

// The context factory reads only the session registry; the registry only locks ledgers it ends.
const sessions = createMemorySessionRegistry({ store: { lock: async () => {} } });
const services = { version: '0.0.0-test', startedAt: Date.now(), sessions } as unknown as ApiServices;
const context = createContextFactory({ services });
const request = (authorization?: string) =>
  ({ headers: { authorization }, socket: { remoteAddress: '127.0.0.9' } }) as unknown as IncomingMessage;
const socket = { bufferedAmount: 42 };

describe('createContextFactory', () => {
  it('takes the HTTP token from Authorization: Bearer, and the remote address', () => {
    expect(context.fromHttp({ req: request('Bearer abc') }).token).toBe('abc');
    expect(context.fromHttp({ req: request('Basic abc') }).token).toBeNull();
    expect(context.fromHttp({ req: request() }).remoteAddress).toBe('127.0.0.9');
  });

  it("takes an SSE subscription's token from connectionParams when there is no header", () => {
    const info = { connectionParams: { token: 'from-query' } };
    expect(context.fromHttp({ req: request(), info }).token).toBe('from-query');
    expect(context.fromHttp({ req: request('Bearer header'), info }).token).toBe('header');
    expect(context.fromHttp({ req: request(), info: { connectionParams: { token: '' } } }).token).toBeNull();
  });

  it('takes the WebSocket token from connectionParams, checked once for the connection', async () => {
    const ledger = { user: { id: 'u1', username: 'alice' }, locked: false } as unknown as UserLedger;
    const { token } = await sessions.create(ledger);
    const ctx = await context.fromWebSocket({
      req: request(),
      res: socket,
      info: { connectionParams: { token } },
    });
    expect(ctx.token).toBe(token);
    expect(ctx.bufferedBytes?.()).toBe(42);
    const anonymous = await context.fromWebSocket({
      req: request(),
      res: socket,
      info: { connectionParams: null },
    });
    expect(anonymous.token).toBeNull();
    await expect(
      context.fromWebSocket({ req: request(), res: socket, info: { connectionParams: { token: 'forged' } } }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
