import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createCofferClient } from '../src/index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WebSocket server on an ephemeral port that closes every connection at once with `code`. */
async function sheddingServer(code: number): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => ws.close(code, 'go away'));
  cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  return `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

/** The backoff attempts the client asks `retryDelayMs` for over its first `count` reconnects. */
async function attemptsAfterCloses(code: number, count: number): Promise<number[]> {
  const url = await sheddingServer(code);
  const attempts: number[] = [];
  const client = createCofferClient({
    url,
    transport: 'websocket',
    retryDelayMs: (attempt) => {
      attempts.push(attempt);
      return 10;
    },
  });
  cleanups.push(() => client.close());
  await expect.poll(() => attempts.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return attempts.slice(0, count);
}

describe('LiveConnection', () => {
  it('backs off one step further for each 1013 close in a row', async () => {
    const attempts = await attemptsAfterCloses(1013, 4);
    for (let i = 1; i < attempts.length; i += 1) expect(attempts[i]).toBeGreaterThan(attempts[i - 1] ?? 0);
    expect(attempts[0]).toBeGreaterThanOrEqual(1); // never the immediate first attempt
  });

  it('does not grow the backoff for an ordinary close after the connection opened', async () => {
    const ordinary = await attemptsAfterCloses(1001, 4);
    const shed = await attemptsAfterCloses(1013, 4);
    expect(Math.max(...ordinary)).toBeLessThan(Math.max(...shed));
  });
});
