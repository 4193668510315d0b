import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isTRPCClientError } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, signIn } from './support/clients.js';

const cleanups = cleanupsAfterEach();

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

describe('an internal error', () => {
  it('answers INTERNAL_SERVER_ERROR naming a request id that the server logged with its cause', async () => {
    const lines: Record<string, unknown>[] = [];
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
    });
    const server = await startServer({ logStream });
    // Closing checkpoints the corrupted database, which fails: that is expected here.
    cleanups.push(() =>
      server.server.close().catch(() => rm(server.dataDir, { recursive: true, force: true })),
    );
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    await alice.client.trpc.accounts.create.mutate(CASH_ACCOUNT);

    // Corrupt alice's database files underneath the open ledger: real SQLite failures follow.
    const { userId } = await alice.client.trpc.auth.me.query();
    const files = (await filesUnder(join(server.dataDir, 'users'))).filter((f) => f.includes(userId));
    let corrupted = 0;
    for (const file of files) {
      const { size } = await stat(file);
      if (size === 0) continue;
      await writeFile(file, randomBytes(size));
      corrupted += 1;
    }
    expect(corrupted).toBeGreaterThan(0);

    const error = await alice.client.trpc.accounts.create
      .mutate({ name: 'Bank', kind: 'asset', currency: 'EUR' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    if (!isTRPCClientError(error)) throw new Error(`expected a tRPC error, got ${String(error)}`);
    const data = error.data as { code?: string; requestId?: string; stack?: string };
    expect(data.code).toBe('INTERNAL_SERVER_ERROR');
    const requestId = /request ([\w-]+)/.exec(error.message)?.[1];
    expect(requestId).toBeDefined();
    expect(data.requestId).toBe(requestId);
    expect(error.message).not.toMatch(/sqlite|database|corrupt|not a database/i);
    expect(data.stack).toBeUndefined();

    const logged = lines.find((l) => l.requestId === requestId);
    expect(logged).toMatchObject({ msg: 'procedure failed', code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(logged?.err)).toMatch(/SQLITE|database/i);
  });
});
