import type { RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendAnswers, startServer } from './helpers.js';
import { CASH_ACCOUNT, collect, errorCode, ledgerCsv, signIn } from './support/clients.js';

/** On SQLite always; on PostgreSQL (the `(postgres)` project) when the server answers. */
const ready = await backendAnswers();

type LiveChange = SubscriptionEvent<RouterOutputs['live']['changes']>;
type TaskEvent = SubscriptionEvent<RouterOutputs['tasks']['onUpdate']>;

let started: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  started = await startServer();
});
afterAll(async () => {
  await started?.server.close();
});

describe.runIf(ready)('the whole journey', () => {
  it('register → ledger work → import with progress → export → live in a second session → logout locks', async () => {
    const alice = await signIn(started.url, 'alice');
    const second = await signIn(started.url, 'alice', { register: false });
    const { trpc } = alice.client;

    expect(await trpc.auth.me.query()).toMatchObject({ username: 'alice' });
    const latest = (await started.composed.sessions.authenticate(second.token))?.ledger;
    const startSeq = await latest?.changes.latestSeq();
    const live = collect<LiveChange>((h) =>
      second.client.trpc.live.changes.subscribe({ lastEventId: String(startSeq) }, h),
    );
    const notes = collect<SubscriptionEvent<RouterOutputs['live']['notifications']>>((h) =>
      second.client.trpc.live.notifications.subscribe(undefined, h),
    );

    // Accounts and entries.
    const cash = await trpc.accounts.create.mutate(CASH_ACCOUNT);
    const card = await trpc.accounts.create.mutate({ name: 'Card', kind: 'liability', currency: 'EUR' });
    await trpc.accounts.update.mutate({ id: card.id, name: 'Visa' });
    const bakery = await trpc.entries.create.mutate({
      accountId: cash.id,
      date: '2025-01-03',
      amount: -450,
      payee: 'Bakery',
      tags: ['food'],
    });
    const salary = await trpc.entries.create.mutate({
      accountId: cash.id,
      date: '2025-01-01',
      amount: 250_000,
      payee: 'Employer',
      category: 'salary',
    });
    const temp = await trpc.entries.create.mutate({
      accountId: card.id,
      date: '2025-01-02',
      amount: -1_000,
      payee: 'Café',
    });
    await trpc.entries.update.mutate({ id: bakery.id, patch: { memo: 'croissants' } });
    await trpc.entries.delete.mutate({ id: temp.id });
    expect(await trpc.entries.get.query({ id: bakery.id })).toMatchObject({
      memo: 'croissants',
      amount: -450,
    });
    expect(await trpc.accounts.list.query()).toHaveLength(2);

    const firstPage = await trpc.entries.list.query({ limit: 1 });
    expect(firstPage.items.map((e) => e.id)).toEqual([bakery.id]);
    // tRPC's infinite-query helpers (@trpc/tanstack-react-query) add `direction: 'forward'`.
    const nextPage = await trpc.entries.list.query({
      limit: 1,
      cursor: firstPage.nextCursor,
      direction: 'forward',
    });
    expect(nextPage.items.map((e) => e.id)).toEqual([salary.id]);

    const hits = await trpc.entries.search.query({ query: 'croiss' });
    expect(hits.map((h) => h.entry.id)).toEqual([bakery.id]);
    expect(hits[0]?.snippet.some((part) => part.match)).toBe(true);

    const balances = await trpc.reports.balances.query({ asOf: '2025-01-31' });
    expect(balances.byCurrency).toEqual([
      { currency: 'EUR', assets: 249_550, liabilities: 0, netWorth: 249_550 },
    ]);
    const monthly = await trpc.reports.monthly.query({ from: '2025-01', to: '2025-01' });
    expect(monthly.find((m) => m.category === 'salary')?.total).toBe(250_000);
    const worth = await trpc.reports.netWorth.query({ from: '2025-01', to: '2025-02' });
    expect(worth[0]?.points.map((p) => p.netWorth)).toEqual([249_550, 249_550]);

    // Import as a task, with progress on tasks.onUpdate.
    const updates = collect<TaskEvent>((h) => trpc.tasks.onUpdate.subscribe(undefined, h));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription register
    const csv = ledgerCsv(2_500);
    const { taskId } = await trpc.entries.import.mutate({ accountId: cash.id, sourceName: 'bank.csv', csv });
    const events = await updates.until((all) =>
      all.some((e) => e.task.id === taskId && e.type === 'succeeded'),
    );
    const mine = events.filter((e) => e.task.id === taskId);
    expect(mine.some((e) => e.type === 'progress' && (e.task.progress?.done ?? 0) > 0)).toBe(true);
    // The CSV ends with a newline: the total counts data rows only, not the header or a blank line.
    const totals = mine.flatMap((e) =>
      e.type === 'progress' && e.task.progress ? [e.task.progress.total] : [],
    );
    expect(totals.length).toBeGreaterThan(0);
    expect(new Set(totals)).toEqual(new Set([2_500]));
    expect(mine.at(-1)?.task.result).toMatchObject({ added: 2_500, skipped: 0, invalid: 0 });
    updates.unsubscribe();

    // The same file again adds nothing.
    const again = await trpc.entries.import.mutate({ accountId: cash.id, sourceName: 'bank.csv', csv });
    const rerun = await waitForTask(trpc, again.taskId);
    expect(rerun.result).toMatchObject({ added: 0, skipped: 2_500 });

    // Export streams every entry in chunks, then completes.
    const exported = collect<SubscriptionEvent<RouterOutputs['entries']['export']>>((h) =>
      trpc.entries.export.subscribe(undefined, h),
    );
    await exported.completed;
    const chunks = exported.events.flatMap((e) => (e.kind === 'entries' ? [e.entries] : []));
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.flat().map((e) => e.id)).size).toBe(2_502);
    expect(exported.events.at(-1)).toEqual({ kind: 'end', count: 2_502 });

    // The second session saw every change, in order, once.
    const latestSeq = (await latest?.changes.latestSeq()) ?? 0;
    const seen = await live.until(
      (all) => all.at(-1)?.data.kind === 'change' && Number(all.at(-1)?.id) === latestSeq,
    );
    const seqs = seen.map((e) => Number(e.id));
    expect(seqs).toEqual(
      Array.from({ length: latestSeq - (startSeq ?? 0) }, (_, i) => (startSeq ?? 0) + 1 + i),
    );
    expect(seen[0]?.data).toMatchObject({ kind: 'change', change: { entity: 'account', op: 'insert' } });
    await notes.until((all) =>
      all.some((n) => n.kind === 'task' && n.task.id === taskId && n.task.status === 'succeeded'),
    );

    // Logout of both sessions: the tokens stop working and the ledger locks after the grace period.
    const handle = (await started.composed.sessions.authenticate(alice.token))?.ledger;
    await trpc.auth.logout.mutate();
    expect(await errorCode(trpc.auth.me.query())).toBe('UNAUTHORIZED');
    await second.client.trpc.auth.logout.mutate();
    expect(((await live.error) as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
    await waitUntil(() => handle?.locked === true);
    await alice.client.close();
    await second.client.close();
  });
});

async function waitForTask(trpc: Awaited<ReturnType<typeof signIn>>['client']['trpc'], id: string) {
  for (;;) {
    const task = await trpc.tasks.get.query({ id });
    if (task.status !== 'queued' && task.status !== 'running') return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
