import { performance } from 'node:perf_hooks';
import {
  type CofferClient,
  createCofferClient,
  type RouterOutputs,
  type SubscriptionEvent,
} from '@coffer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, errorCode, ledgerCsv, signIn } from '../support/clients.js';
import { type Instance, startInstance } from '../support/instances.js';
import { createTestDatabase, postgresAnswers } from '../support/postgres.js';

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;

const ready = await postgresAnswers();

const seqsOf = (events: LiveChange[]) =>
  events.flatMap((e) => (e.data.kind === 'change' ? [Number(e.id)] : []));

describe.runIf(ready)('three instances on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const instances = new Map<string, Instance>();
  const everyInstance: Instance[] = [];
  const clients: CofferClient[] = [];
  const on = (name: string) => {
    const instance = instances.get(name);
    if (!instance) throw new Error(`no instance ${name}`);
    return instance;
  };
  const launch = async (name: string) => {
    const instance = await startInstance(name, database.url, { taskLostAfterSeconds: 4 });
    instances.set(name, instance);
    everyInstance.push(instance);
  };
  const client = (name: string, token: string) => {
    const created = createCofferClient({ url: on(name).url, token, retryDelayMs: () => 100 });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // The first one creates the schemas; the others start together.
    await launch('A');
    await Promise.all([launch('B'), launch('C')]);
  }, 60_000);
  afterAll(async () => {
    if (process.env.CLUSTER_TEST_LOG) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        process.env.CLUSTER_TEST_LOG,
        [...instances.values()]
          .flatMap((i) => i.lines.map((l) => JSON.stringify({ i: i.name, ...l })))
          .join('\n'),
      );
    }
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([...instances.values()].map((instance) => instance.kill()));
    await database?.drop();
  });

  it('serves one session on every instance: a client on A sees each change written through B, p99 ≤ 100 ms over 100 changes', async () => {
    const { token, client: onA } = await signIn(on('A').url, 'lena');
    clients.push(onA);
    const onB = client('B', token);
    const account = await onB.trpc.accounts.create.mutate({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const arrivals = new Map<number, number>();
    const live = collect<LiveChange>((h) =>
      onA.trpc.live.changes.subscribe(
        { lastEventId: '0' },
        {
          ...h,
          onData: (event) => {
            if (event.data.kind === 'change' && event.data.change.entity === 'entry')
              arrivals.set(event.data.change.entityId, performance.now());
            h.onData(event);
          },
        },
      ),
    );
    // The subscription is live once a first write through B arrives on A (replayed or live).
    const first = await onB.trpc.entries.create.mutate({
      accountId: account.id,
      date: '2025-01-01',
      amount: 1,
    });
    await live.until(() => arrivals.has(first.id));

    // Per entry: when B was called, and when B answered (the write is committed by then).
    const sent = new Map<number, { called: number; committed: number }>();
    for (let i = 0; i < 100; i += 1) {
      const called = performance.now();
      const entry = await onB.trpc.entries.create.mutate({
        accountId: account.id,
        date: '2025-01-02',
        amount: i + 2,
        payee: `shop ${i}`,
      });
      sent.set(entry.id, { called, committed: performance.now() });
    }
    await live.until(() => [...sent.keys()].every((id) => arrivals.has(id)), 10_000);
    const delays = (from: 'called' | 'committed') =>
      [...sent]
        .map(([id, times]) => Math.max(0, (arrivals.get(id) ?? Number.NaN) - times[from]))
        .sort((x, y) => x - y);
    const afterCommit = delays('committed');
    const afterCall = delays('called');
    const p99 = afterCommit[98] ?? Number.NaN;
    console.log(
      `B → A over 100 changes: after B answered p50 ${afterCommit[49]?.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
        `after B was called p50 ${afterCall[49]?.toFixed(1)} ms, p99 ${afterCall[98]?.toFixed(1)} ms`,
    );
    expect(p99).toBeLessThanOrEqual(100);
    expect(new Set(seqsOf(live.events)).size).toBe(live.events.length); // no duplicate
    live.unsubscribe();
  });

  it('ends the subscriptions on every instance when the session is revoked through one', async () => {
    const { token, client: onA } = await signIn(on('A').url, 'mia');
    clients.push(onA);
    const onC = client('C', token);
    const live = collect<LiveChange>((h) => onC.trpc.live.changes.subscribe({ lastEventId: '0' }, h));
    await onC.trpc.accounts.create.mutate({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    await live.until((all) => all.length === 1);
    await onA.trpc.auth.logout.mutate();
    expect(await errorCodeOf(live.error)).toBe('UNAUTHORIZED');
    expect(await errorCode(onC.trpc.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('finishes an import elsewhere when the instance running it is killed, every row imported exactly once', async () => {
    const { token, client: onA } = await signIn(on('A').url, 'nora');
    clients.push(onA);
    const account = await onA.trpc.accounts.create.mutate({ name: 'Bank', kind: 'asset', currency: 'EUR' });
    const rows = 12_000;
    const { taskId } = await onA.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'big.csv',
      csv: ledgerCsv(rows),
    });
    // Wait until some instance has started it and written progress, then kill that instance.
    const runner = await waitFor(
      () =>
        [...instances.values()].find((instance) =>
          instance.lines.some((line) => line.msg === 'cluster task started' && line.taskId === taskId),
        ),
      20_000,
      'an instance to start the import',
    );
    const survivor = [...instances.keys()].find((name) => name !== runner.name) ?? 'A';
    const watcher = client(survivor, token);
    const midway = await waitFor(
      async () => {
        const task = await watcher.trpc.tasks.get.query({ id: taskId });
        return (task.progress?.done ?? 0) > 0 || task.status !== 'running' ? task : undefined;
      },
      20_000,
      'progress',
    );
    expect(midway).toMatchObject({ status: 'running' }); // still running: the kill lands mid-import
    await runner.kill();
    instances.delete(runner.name);

    const final = await waitFor(
      async () => {
        const task = await watcher.trpc.tasks.get.query({ id: taskId });
        return task.status === 'running' || task.status === 'queued' ? undefined : task;
      },
      45_000,
      'the import to end',
    );
    await launch(runner.name); // three instances again for what follows
    expect(final).toMatchObject({ status: 'succeeded' });
    expect(final.result).toMatchObject({ rows });
    expect(await countEntries(watcher, account.id)).toBe(rows); // nothing lost, nothing twice
  }, 90_000);

  it('resumes the change stream by lastEventId on another instance after the one serving it died', async () => {
    const { token, client: onA } = await signIn(on('A').url, 'olga');
    clients.push(onA);
    const onC = client('C', token);
    const account = await onA.trpc.accounts.create.mutate({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const first = collect<LiveChange>((h) => onC.trpc.live.changes.subscribe({ lastEventId: '0' }, h));
    const write = (i: number) =>
      onA.trpc.entries.create.mutate({ accountId: account.id, date: '2025-03-01', amount: i });
    for (let i = 0; i < 10; i += 1) await write(i);
    await first.until((all) => all.length >= 11);
    await on('C').kill();
    instances.delete('C');
    first.unsubscribe();
    for (let i = 10; i < 20; i += 1) await write(i);

    const lastSeen = seqsOf(first.events).at(-1) ?? 0;
    const onB = client('B', token);
    const resumed = collect<LiveChange>((h) =>
      onB.trpc.live.changes.subscribe({ lastEventId: String(lastSeen) }, h),
    );
    await resumed.until((all) => all.length >= 10);
    const all = [...seqsOf(first.events), ...seqsOf(resumed.events)];
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => (all[0] ?? 0) + i)); // no gap, no duplicate
    expect(all.length).toBe(21);
    resumed.unsubscribe();
  });
});

async function countEntries(client: CofferClient, accountId: number): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await client.trpc.entries.list.query({
      accountId,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return count;
}

async function errorCodeOf(error: Promise<unknown>): Promise<string> {
  const e = (await error) as { data?: { code?: string } };
  return String(e?.data?.code);
}

/** Polls `probe` every 50 ms until it returns a value (throws naming `what` after `timeoutMs`). */
async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
