import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccountUnavailableError,
  CHANGE_LOG_FLOOR,
  type ChangeEntry,
  ChangeLogPrunedError,
  NotFoundError,
  type UserLedger,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

const summary = (entries: readonly ChangeEntry[]) => entries.map((e) => `${e.entity}:${e.op}:${e.entityId}`);

async function setup(): Promise<{ ledger: UserLedger; accountId: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const account = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  return { ledger, accountId: account.id };
}

describe('change log', () => {
  it('records every insert, update and delete of every repository with the changed row', async () => {
    const { ledger, accountId } = await setup();
    const card = await ledger.accounts.create({ name: 'Card', kind: 'liability', currency: 'EUR' });
    await ledger.accounts.update(card.id, { name: 'Visa' });
    await ledger.accounts.archive(card.id);
    const entry = await ledger.entries.create({
      accountId,
      date: '2025-01-01',
      amount: -100,
      payee: 'Bakery',
    });
    const [a, b] = await ledger.entries.createMany([
      { accountId, date: '2025-01-02', amount: -200 },
      { accountId, date: '2025-01-03', amount: -300 },
    ]);
    await ledger.entries.update(entry.id, { memo: 'croissant' });
    await ledger.entries.updateMany([{ id: a?.id ?? 0, amount: -250 }]);
    await ledger.entries.delete(entry.id);
    await ledger.entries.deleteMany([a?.id ?? 0, b?.id ?? 0]);
    const imported = await ledger.imports.importRows({
      accountId,
      sourceName: 'bank.csv',
      rows: [{ line: 2, date: '2025-02-01', amount: 999, payee: 'Refund' }],
    });

    const log = await ledger.changes.readAfter(0, 100);
    expect(summary(log)).toEqual([
      `account:insert:${accountId}`,
      `account:insert:${card.id}`,
      `account:update:${card.id}`,
      `account:update:${card.id}`,
      `entry:insert:${entry.id}`,
      `entry:insert:${a?.id}`,
      `entry:insert:${b?.id}`,
      `entry:update:${entry.id}`,
      `entry:update:${a?.id}`,
      `entry:delete:${entry.id}`,
      `entry:delete:${a?.id}`,
      `entry:delete:${b?.id}`,
      `importBatch:insert:${imported.batchId}`,
      `entry:insert:${(await ledger.entries.list()).items[0]?.id}`,
      `importBatch:update:${imported.batchId}`,
    ]);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const update = log[7];
    expect(update?.entity === 'entry' && update.row.memo).toBe('croissant');
    const archived = log[3];
    expect(archived?.entity === 'account' && archived.row).toMatchObject({ name: 'Visa', archived: true });
    const deleted = log[9];
    expect(deleted?.entity === 'entry' && deleted.row).toMatchObject({ id: entry.id, payee: 'Bakery' });
  });

  it('leaves no log entry for a bulk write that rolls back half-way', async () => {
    const { ledger, accountId } = await setup();
    const [a, b] = await ledger.entries.createMany([
      { accountId, date: '2025-01-02', amount: -200 },
      { accountId, date: '2025-01-03', amount: -300 },
    ]);
    const archived = await ledger.accounts.create({ name: 'Old', kind: 'asset', currency: 'EUR' });
    await ledger.accounts.archive(archived.id);
    const seq = await ledger.changes.latestSeq();

    // Two updates succeed inside the transaction, the third id is missing: everything rolls back.
    await expect(
      ledger.entries.updateMany([
        { id: a?.id ?? 0, amount: 1 },
        { id: b?.id ?? 0, amount: 2 },
        { id: 999_999, amount: 3 },
      ]),
    ).rejects.toBeInstanceOf(NotFoundError);
    // The executor batch: two rows insert, the third hits the archived-account guard.
    await expect(
      ledger.entries.createMany([
        { accountId, date: '2025-01-04', amount: 1 },
        { accountId, date: '2025-01-05', amount: 2 },
        { accountId: archived.id, date: '2025-01-06', amount: 3 },
      ]),
    ).rejects.toBeInstanceOf(AccountUnavailableError);
    await expect(ledger.entries.deleteMany([a?.id ?? 0, 424_242])).rejects.toBeInstanceOf(NotFoundError);

    expect(await ledger.changes.readAfter(seq)).toEqual([]);
    expect((await ledger.entries.list()).items.map((e) => e.amount)).toEqual([-300, -200]);
  });

  it('notifies listeners after commit, in order, without loss or duplicates under concurrent writes', async () => {
    const { ledger, accountId } = await setup();
    const heard: number[] = [];
    ledger.onChange((entries) => {
      for (const e of entries) heard.push(e.seq);
    });
    const start = await ledger.changes.latestSeq();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ledger.entries.create({ accountId, date: '2025-01-01', amount: i }),
      ),
    );
    await ledger.entries.createMany(
      Array.from({ length: 1200 }, (_, i) => ({ accountId, date: '2025-01-02', amount: i })),
    );
    const end = await ledger.changes.latestSeq();
    await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(end - start);
    expect(heard).toEqual(Array.from({ length: end - start }, (_, i) => start + i + 1));
  });

  it('stops notifying after unsubscribe and reports listener errors to onError', async () => {
    const errors: unknown[] = [];
    temp = await createTempStore({ onError: (e) => errors.push(e) });
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const calls: number[] = [];
    const off = ledger.onChange((entries) => calls.push(entries.length));
    ledger.onChange(() => {
      throw new Error('listener bug');
    });
    await ledger.accounts.create({ name: 'A', kind: 'asset', currency: 'EUR' });
    await expect.poll(() => calls.length).toBe(1);
    off();
    await ledger.accounts.create({ name: 'B', kind: 'asset', currency: 'EUR' });
    await expect.poll(() => errors.length).toBe(2);
    expect(calls).toEqual([1]);
  });

  it('prunes by size and age but never below the documented floor', async () => {
    const { ledger, accountId } = await setup();
    await ledger.entries.createMany(
      Array.from({ length: 1500 }, (_, i) => ({ accountId, date: '2025-01-01', amount: i })),
    );
    const newest = await ledger.changes.latestSeq();

    // Everything is younger than the one-hour floor: nothing goes, whatever the options.
    expect(await ledger.changes.prune({ maxAgeMs: 0, maxEntries: 0 })).toEqual({ deleted: 0, floorSeq: 0 });

    // Two hours later, only the newest CHANGE_LOG_FLOOR.minEntries survive a "keep 10".
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);
      const pruned = await ledger.changes.prune({ maxEntries: 10 });
      expect(pruned).toEqual({
        deleted: newest - CHANGE_LOG_FLOOR.minEntries,
        floorSeq: newest - CHANGE_LOG_FLOOR.minEntries,
      });
    } finally {
      vi.useRealTimers();
    }
    expect(await ledger.changes.floorSeq()).toBe(newest - CHANGE_LOG_FLOOR.minEntries);
    await expect(ledger.changes.readAfter(0)).rejects.toBeInstanceOf(ChangeLogPrunedError);
    const rest = await ledger.changes.readAfter(newest - CHANGE_LOG_FLOOR.minEntries, 10_000);
    expect(rest).toHaveLength(CHANGE_LOG_FLOOR.minEntries);
    expect(rest.at(-1)?.seq).toBe(newest);
  });
});

describe('change log floor', () => {
  it('refuses to read from before the floor after a restore, and never reuses a seq', async () => {
    const { ledger, accountId } = await setup();
    const backup = await temp.store.backup(ledger);
    await ledger.entries.create({ accountId, date: '2025-01-01', amount: 1 });
    await ledger.entries.create({ accountId, date: '2025-01-02', amount: 2 });
    const before = await ledger.changes.latestSeq();

    const restored = await temp.store.restoreBackup(ledger, backup.id, PASSWORD);
    expect(ledger.locked).toBe(true);
    expect((await restored.entries.list()).items).toEqual([]);
    const error = await restored.changes.readAfter(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeLogPrunedError);
    expect((error as ChangeLogPrunedError).floorSeq).toBe(before);
    const tail = await restored.changes.readAfter(before);
    expect(tail.map((e) => [e.seq, e.entity, e.op])).toEqual([[before + 1, 'ledger', 'reset']]);
    const next = await restored.entries.create({ accountId, date: '2025-01-03', amount: 3 });
    const last = await restored.changes.readAfter(before + 1);
    expect(last.map((e) => [e.seq, e.entityId])).toEqual([[before + 2, next.id]]);
  });
});
