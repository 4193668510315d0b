import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type ApiServices, createContextFactory } from '../src/index.js';

// The context factory only passes the services on.
const services = { version: '0.0.0-test', startedAt: Date.now() } as unknown as ApiServices;
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

  it("takes the WebSocket token from connectionParams and watches the socket's buffer", () => {
    const info = { connectionParams: { token: 'ws' } };
    const ctx = context.fromWebSocket({ req: request(), res: socket, info });
    expect(ctx.token).toBe('ws');
    expect(ctx.bufferedBytes?.()).toBe(42);
    const anonymous = context.fromWebSocket({
      req: request(),
      res: socket,
      info: { connectionParams: null },
    });
    expect(anonymous.token).toBeNull();
  });
});
