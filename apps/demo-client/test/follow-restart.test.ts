import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCofferClient } from '@coffer/client';
import { afterAll, describe, expect, it } from 'vitest';
import { followChanges } from '../src/index.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'coffer-demo-follow-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const credentials = { username: 'follower', password: 'password-5' };

/** Logs in a second client, adds one entry to the first account (made once), and closes. */
async function addEntry(url: string, payee: string): Promise<void> {
  const client = createCofferClient({ url });
  try {
    await client.login(credentials);
    const [account] = await client.trpc.accounts.list.query();
    const accountId =
      account?.id ??
      (await client.trpc.accounts.create.mutate({ name: 'Wallet', kind: 'asset', currency: 'EUR' })).id;
    await client.trpc.entries.create.mutate({ accountId, date: '2026-03-04', amount: -500, payee });
  } finally {
    await client.close();
  }
}

describe('demo --follow', () => {
  it('resumes after a server restart (logging in again) and prints the change made as the server came back', async () => {
    server = await startServerProcess(dataDir);
    const { url } = server;
    const port = Number(new URL(url).port);
    const lines: string[] = [];
    const stop = new AbortController();
    const following = followChanges({
      url,
      ...credentials,
      signal: stop.signal,
      retryDelayMs: () => 200,
      print: (line) => lines.push(line),
    });
    try {
      await expect
        .poll(() => lines, { timeout: 15_000 })
        .toContain('following changes of follower (Ctrl-C to stop)');
      await addEntry(url, 'Before restart');
      await expect
        .poll(() => lines.some((line) => line.endsWith('Before restart')), { timeout: 15_000 })
        .toBe(true);

      await server.stop();
      // Made by another client as the server comes back, while the follower is still reconnecting and
      // logging in again: it reaches the follower by resuming after its last printed change.
      server = await startServerProcess(dataDir, port);
      await addEntry(url, 'While away');
      await expect
        .poll(() => lines.some((line) => line.endsWith('While away')), { timeout: 20_000 })
        .toBe(true);
      expect(lines.filter((line) => line.includes('entry insert'))).toHaveLength(2);
    } finally {
      stop.abort();
      await following.catch(() => {});
    }
  }, 60_000);
});
