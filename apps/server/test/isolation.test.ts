import {
  createCofferClient,
  isTRPCClientError,
  type RouterOutputs,
  type SubscriptionEvent,
} from '@coffer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendAnswers, startServer } from './helpers.js';
import { collect, errorCode, ledgerCsv, type SignedIn, signIn } from './support/clients.js';

/** On SQLite always; on PostgreSQL (the `(postgres)` project) when the server answers. */
const ready = await backendAnswers();

let started: Awaited<ReturnType<typeof startServer>>;
let a: SignedIn;
let b: SignedIn;
let bAccountId: number;
let bEntryId: number;
let bTaskId: string;
let bCursor: string;

beforeAll(async () => {
  started = await startServer();
  a = await signIn(started.url, 'anna');
  b = await signIn(started.url, 'boris');
  const account = await b.client.trpc.accounts.create.mutate({
    name: 'Secret',
    kind: 'asset',
    currency: 'EUR',
  });
  bAccountId = account.id;
  const entries = [];
  for (let i = 0; i < 3; i += 1) {
    entries.push(
      await b.client.trpc.entries.create.mutate({
        accountId: account.id,
        date: `2025-01-0${i + 1}`,
        amount: 100 + i,
        payee: 'Swiss bank',
      }),
    );
  }
  bEntryId = entries[0]?.id ?? 0;
  bCursor = (await b.client.trpc.entries.list.query({ limit: 1 })).nextCursor ?? '';
  bTaskId = (
    await b.client.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'b.csv',
      csv: ledgerCsv(10),
    })
  ).taskId;
});
afterAll(async () => {
  await a?.client.close();
  await b?.client.close();
  await started?.server.close();
});

async function waitForTask(user: SignedIn, id: string) {
  for (;;) {
    const task = await user.client.trpc.tasks.get.query({ id });
    if (task.status !== 'queued' && task.status !== 'running') return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(ready)("one user's token never reaches another user's data", () => {
  it("answers NOT_FOUND for B's ids through every procedure that takes one, and changes nothing", async () => {
    const t = a.client.trpc;
    expect(await errorCode(t.entries.get.query({ id: bEntryId }))).toBe('NOT_FOUND');
    expect(await errorCode(t.entries.update.mutate({ id: bEntryId, patch: { amount: 1 } }))).toBe(
      'NOT_FOUND',
    );
    expect(await errorCode(t.entries.delete.mutate({ id: bEntryId }))).toBe('NOT_FOUND');
    expect(await errorCode(t.accounts.update.mutate({ id: bAccountId, name: 'Mine' }))).toBe('NOT_FOUND');
    expect(await errorCode(t.accounts.archive.mutate({ id: bAccountId }))).toBe('NOT_FOUND');
    expect(
      await errorCode(t.entries.create.mutate({ accountId: bAccountId, date: '2025-01-01', amount: 1 })),
    ).toBe('BAD_REQUEST');
    const { taskId } = await t.entries.import.mutate({
      accountId: bAccountId,
      sourceName: 'x',
      csv: 'date,amount\n2025-01-01,1\n',
    });
    const failed = await waitForTask(a, taskId);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'COFFER_DB_NOT_FOUND' } });
    expect(await errorCode(t.tasks.get.query({ id: bTaskId }))).toBe('NOT_FOUND');
    expect(await errorCode(t.tasks.cancel.mutate({ id: bTaskId }))).toBe('NOT_FOUND');
    const onUpdate = collect((h) => t.tasks.onUpdate.subscribe({ taskId: bTaskId }, h));
    expect(((await onUpdate.error) as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');
    expect(await b.client.trpc.entries.get.query({ id: bEntryId })).toMatchObject({
      amount: 100,
      payee: 'Swiss bank',
    });
    expect((await b.client.trpc.accounts.list.query()).map((x) => x.name)).toEqual(['Secret']);
  });

  it("lists, searches, reports and exports only A's own (empty) ledger, whatever cursor A sends", async () => {
    const t = a.client.trpc;
    expect(await t.accounts.list.query({ includeArchived: true })).toEqual([]);
    expect((await t.entries.list.query({ cursor: bCursor })).items).toEqual([]);
    expect(await t.entries.search.query({ query: 'swiss' })).toEqual([]);
    expect((await t.reports.balances.query({ asOf: '2025-12-31' })).accounts).toEqual([]);
    expect(await t.reports.monthly.query({ from: '2025-01', to: '2025-12' })).toEqual([]);
    expect((await t.tasks.list.query()).map((task) => task.id)).not.toContain(bTaskId);
    const exported = collect<SubscriptionEvent<RouterOutputs['entries']['export']>>((h) =>
      t.entries.export.subscribe(undefined, h),
    );
    await exported.completed;
    expect(exported.events).toEqual([{ kind: 'end', count: 0 }]);
  });

  it("never pushes B's changes, task events or notifications to A's subscriptions", async () => {
    const t = a.client.trpc;
    const changes = collect<SubscriptionEvent<RouterOutputs['live']['changes']>>((h) =>
      t.live.changes.subscribe({ lastEventId: '0' }, h),
    );
    const updates = collect<SubscriptionEvent<RouterOutputs['tasks']['onUpdate']>>((h) =>
      t.tasks.onUpdate.subscribe(undefined, h),
    );
    const notes = collect<SubscriptionEvent<RouterOutputs['live']['notifications']>>((h) =>
      t.live.notifications.subscribe(undefined, h),
    );
    const bChanges = collect<SubscriptionEvent<RouterOutputs['live']['changes']>>((h) =>
      b.client.trpc.live.changes.subscribe({}, h),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { taskId } = await b.client.trpc.entries.import.mutate({
      accountId: bAccountId,
      sourceName: 'c.csv',
      csv: ledgerCsv(20, 'Other'),
    });
    await b.client.trpc.entries.create.mutate({
      accountId: bAccountId,
      date: '2025-03-01',
      amount: 5,
      payee: 'marker',
    });
    // B's own subscription sees the marker: the writes happened and were pushed.
    await bChanges.until((all) =>
      all.some(
        (e) =>
          e.data.kind === 'change' &&
          e.data.change.entity === 'entry' &&
          e.data.change.row.payee === 'marker',
      ),
    );
    const own = await t.accounts.create.mutate({ name: 'Anna', kind: 'asset', currency: 'EUR' });
    await changes.until((all) => all.length > 0);
    expect(changes.events.map((e) => e.data)).toEqual([
      { kind: 'change', change: expect.objectContaining({ entity: 'account', row: own }) },
    ]);
    expect(updates.events.filter((e) => e.task.id === taskId)).toEqual([]);
    expect(notes.events).toEqual([]);
    for (const sub of [changes, updates, notes, bChanges]) sub.unsubscribe();
  });
});

describe.runIf(ready)('unauthenticated callers', () => {
  it('get UNAUTHORIZED over HTTP for every procedure but system.*, auth.register and auth.login', async () => {
    const anonymous = createCofferClient({ url: started.url });
    expect(await errorCode(anonymous.trpc.entries.list.query())).toBe('UNAUTHORIZED');
    expect(await errorCode(anonymous.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    const forged = createCofferClient({ url: started.url, token: 'x'.repeat(43) });
    expect(await errorCode(forged.trpc.accounts.list.query())).toBe('UNAUTHORIZED');
    expect((await anonymous.trpc.system.health.query()).status).toBe('ok');
    await anonymous.close();
    await forged.close();
  });

  it('cannot subscribe over a WebSocket without a token or with a forged one', async () => {
    const anonymous = createCofferClient({ url: started.url, retryDelayMs: () => 60_000 });
    const sub = collect((h) => anonymous.trpc.live.changes.subscribe({}, h));
    expect(((await sub.error) as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
    await anonymous.close();

    // A forged token: the connection opens (public procedures keep working), authed calls fail.
    const forged = createCofferClient({ url: started.url, token: 'forged', retryDelayMs: () => 60_000 });
    const forgedSub = collect((h) => forged.trpc.live.notifications.subscribe(undefined, h));
    expect(((await forgedSub.error) as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
    const clock = collect((h) => forged.trpc.system.clock.subscribe({ intervalMs: 20 }, h));
    await clock.until((ticks) => ticks.length > 0);
    clock.unsubscribe();
    await forged.close();
  });

  it('ends a live subscription with UNAUTHORIZED when its session is revoked', async () => {
    const again = await signIn(started.url, 'anna', { register: false });
    const sub = collect((h) => again.client.trpc.live.notifications.subscribe(undefined, h));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await again.client.trpc.auth.logout.mutate();
    const error = await sub.error;
    expect(isTRPCClientError(error) && (error.data as { code?: string }).code).toBe('UNAUTHORIZED');
    await again.client.close();
  });
});
