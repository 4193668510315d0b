import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from './helpers.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function url() {
  const started = await startServer();
  servers.push(started.server);
  return started.url;
}

describe('request limits', () => {
  it('refuses a batch of more than 50 procedures with a 4xx', async () => {
    const base = await url();
    const paths = Array.from({ length: 51 }, () => 'system.health').join(',');
    const res = await fetch(`${base}/trpc/${paths}?batch=1`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('closes a WebSocket that sends a message over 1 MiB with code 1009', async () => {
    const base = await url();
    const ws = new WebSocket(`${base.replace('http', 'ws')}/trpc`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(1_100_000));
    expect(await closed).toBe(1009);
  });

  it('refuses WebSocket upgrades outside the API path', async () => {
    const base = await url();
    const ws = new WebSocket(`${base.replace('http', 'ws')}/elsewhere`);
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
