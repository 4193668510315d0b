import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';
import { CASH_ACCOUNT, collect, signIn } from './support/clients.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
const HOUR = 3_600_000;
const cleanups = cleanupsAfterEach();

/** Polls `probe` until it returns a truthy value (generous: the machine is shared). */
async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('periodic maintenance', () => {
  it('sweeps an expired session: it is gone and its subscription ends with UNAUTHORIZED', async () => {
    let clock = Date.now();
    const server = await startServer({
      sessions: { idleTimeoutMs: HOUR, now: () => clock },
      maintenance: { sessionSweepMs: 100, pruneMs: HOUR, backupMs: HOUR, checkpointMs: HOUR },
    });
    cleanups.push(() => server.server.close());
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    const live = collect<LiveChange>((h) =>
      alice.client.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    await alice.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    await live.until((events) => events.length >= 1);

    clock += HOUR + 1; // past the idle timeout; nothing calls authenticate: only the sweep can notice
    const error = (await live.error) as { data?: { code?: string } };
    expect(error.data?.code).toBe('UNAUTHORIZED');
    expect(await server.composed.sessions.unlockedLedgers()).toEqual([]);
  });

  it('backs up every unlocked ledger, keeping the newest backupsToKeep, and checkpoints the WAL', async () => {
    const server = await startServer({
      store: { backupsToKeep: 2 },
      maintenance: { sessionSweepMs: HOUR, pruneMs: HOUR, backupMs: 100, checkpointMs: 100 },
    });
    cleanups.push(() => server.server.close());
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    const { userId } = await alice.client.trpc.auth.me.query();
    const account = await alice.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const backupRuns = () =>
      server.composed.tasks
        .list()
        .filter((t) => t.name === 'maintenance.backup' && (t.result as { ledgers?: number })?.ledgers === 1);
    await eventually(() => backupRuns().length >= 4);
    const files = await readdir(join(server.dataDir, 'backups', userId));
    expect(files.filter((f) => f.endsWith('.db'))).toHaveLength(2);

    for (let i = 0; i < 20; i += 1) {
      await alice.client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount: i });
    }
    const wal = join(server.dataDir, 'users', `${userId}.db-wal`);
    await eventually(async () => (await stat(wal).catch(() => ({ size: 0 }))).size === 0);
  });

  it('prunes the change log but never what a resuming subscriber still needs', async () => {
    const server = await startServer({
      maintenance: {
        sessionSweepMs: HOUR,
        pruneMs: 100,
        prune: { maxAgeMs: 0, maxEntries: 0 },
        backupMs: HOUR,
        checkpointMs: HOUR,
      },
    });
    cleanups.push(() => server.server.close());
    const alice = await signIn(server.url, 'alice');
    cleanups.push(() => alice.client.close());
    const account = await alice.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    for (let i = 0; i < 5; i += 1) {
      await alice.client.trpc.entries.create.mutate({ accountId: account.id, date: '2025-01-01', amount: i });
    }
    const pruneRuns = () =>
      server.composed.tasks
        .list()
        .filter((t) => t.name === 'maintenance.prune' && (t.result as { ledgers?: number })?.ledgers === 1);
    await eventually(() => pruneRuns().length >= 2);

    // The change log's floor (newest 1 000, anything younger than an hour) survives any options.
    const resumed = collect<LiveChange>((h) =>
      alice.client.trpc.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    const events = await resumed.until((all) => all.length >= 6);
    expect(events.map((e) => e.data.kind)).toEqual(Array(6).fill('change'));
    resumed.unsubscribe();
  });
});
