import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createContextFactory } from '../src/index.js';

const context = createContextFactory({ services: { version: '0.0.0-test', startedAt: Date.now() } });
const request = (authorization?: string) => ({ headers: { authorization } }) as IncomingMessage;

describe('createContextFactory', () => {
  it('takes the HTTP token from Authorization: Bearer', () => {
    expect(context.fromHttp({ req: request('Bearer abc') }).token).toBe('abc');
    expect(context.fromHttp({ req: request('Basic abc') }).token).toBeNull();
  });

  it("takes an SSE subscription's token from connectionParams when there is no header", () => {
    const info = { connectionParams: { token: 'from-query' } };
    expect(context.fromHttp({ req: request(), info }).token).toBe('from-query');
    expect(context.fromHttp({ req: request('Bearer header'), info }).token).toBe('header');
    expect(context.fromHttp({ req: request(), info: { connectionParams: { token: '' } } }).token).toBeNull();
  });

  it('takes the WebSocket token from connectionParams', () => {
    expect(context.fromWebSocket({ info: { connectionParams: { token: 'ws' } } }).token).toBe('ws');
    expect(context.fromWebSocket({ info: { connectionParams: null } }).token).toBeNull();
  });
});
