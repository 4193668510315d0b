import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountUnavailableError,
  type Entry,
  InvalidInputError,
  NotFoundError,
  type UserLedger,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function setup(): Promise<{ ledger: UserLedger; cash: number; card: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  const card = await ledger.accounts.create({ name: 'Card', kind: 'liability', currency: 'EUR' });
  return { ledger, cash: cash.id, card: card.id };
}

async function listAll(ledger: UserLedger, filters: Parameters<UserLedger['entries']['list']>[0] = {}) {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page = await ledger.entries.list({ ...filters, cursor, limit: 7 });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('entries repository', () => {
  it('creates, gets, updates and deletes entries, normalizing tags and category', async () => {
    const { ledger, cash, card } = await setup();
    const entry = await ledger.entries.create({
      accountId: cash,
      date: '2025-02-28',
      amount: -1234,
      payee: '  Bakery ',
      category: ' ',
      tags: ['Food', 'food', ' Weekend'],
    });
    expect(entry).toMatchObject({ payee: 'Bakery', category: null, tags: ['food', 'weekend'] });
    expect(await ledger.entries.get(entry.id)).toEqual(entry);
    const moved = await ledger.entries.update(entry.id, { accountId: card, category: 'Groceries' });
    expect(moved).toMatchObject({ accountId: card, category: 'Groceries', amount: -1234 });
    await ledger.entries.delete(entry.id);
    await expect(ledger.entries.get(entry.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ledger.entries.delete(entry.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects invalid dates, fractional amounts and unknown accounts with typed errors', async () => {
    const { ledger, cash } = await setup();
    await expect(
      ledger.entries.create({ accountId: cash, date: '2025-02-30', amount: 1 }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      ledger.entries.create({ accountId: cash, date: '2025-02-01', amount: 1.5 }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      ledger.entries.create({ accountId: 999, date: '2025-02-01', amount: 1 }),
    ).rejects.toBeInstanceOf(AccountUnavailableError);
    await expect(ledger.entries.list({ cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('keeps entries of archived accounts but refuses new ones', async () => {
    const { ledger, cash } = await setup();
    await ledger.entries.create({ accountId: cash, date: '2025-01-01', amount: 500 });
    await ledger.accounts.archive(cash);
    expect((await ledger.accounts.list()).map((a) => a.name)).toEqual(['Card']);
    expect((await ledger.accounts.list({ includeArchived: true })).map((a) => a.name)).toEqual([
      'Card',
      'Cash',
    ]);
    expect((await ledger.entries.list({ accountId: cash })).items).toHaveLength(1);
    await expect(
      ledger.entries.create({ accountId: cash, date: '2025-01-02', amount: 1 }),
    ).rejects.toBeInstanceOf(AccountUnavailableError);
  });

  it('filters by account, date range, category, tag and amount range', async () => {
    const { ledger, cash, card } = await setup();
    await ledger.entries.createMany([
      { accountId: cash, date: '2025-01-01', amount: -100, category: 'Food', tags: ['weekend'] },
      { accountId: cash, date: '2025-01-15', amount: -2500, category: 'Rent' },
      { accountId: card, date: '2025-02-01', amount: -700, category: 'Food', tags: ['weekend', 'gift'] },
      { accountId: card, date: '2025-03-01', amount: 9000 },
    ]);
    const amounts = async (filters: Parameters<UserLedger['entries']['list']>[0]) =>
      (await listAll(ledger, filters)).map((e) => e.amount);
    expect(await amounts({ accountId: card })).toEqual([9000, -700]);
    expect(await amounts({ from: '2025-01-10', to: '2025-02-01' })).toEqual([-700, -2500]);
    expect(await amounts({ category: 'Food' })).toEqual([-700, -100]);
    expect(await amounts({ category: null })).toEqual([9000]);
    expect(await amounts({ tag: 'Weekend' })).toEqual([-700, -100]);
    expect(await amounts({ tag: 'gift', accountId: cash })).toEqual([]);
    expect(await amounts({ minAmount: -1000, maxAmount: 0 })).toEqual([-700, -100]);
  });
});

describe('entries.stream', () => {
  it('streams every matching entry oldest first in chunks', async () => {
    const { ledger, cash, card } = await setup();
    await ledger.entries.createMany(
      Array.from({ length: 1234 }, (_, i) => ({
        accountId: i % 3 === 0 ? card : cash,
        date: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
        amount: i,
      })),
    );
    const chunks: number[] = [];
    const streamed: Entry[] = [];
    for await (const chunk of ledger.entries.stream({ accountId: cash, chunkSize: 100 })) {
      chunks.push(chunk.length);
      streamed.push(...chunk);
    }
    expect(streamed).toHaveLength(822);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(100);
    expect(streamed.every((e) => e.accountId === cash)).toBe(true);
    const keys = streamed.map((e) => `${e.date}#${String(e.id).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('stops early when the consumer breaks out', async () => {
    const { ledger, cash } = await setup();
    await ledger.entries.createMany(
      Array.from({ length: 300 }, (_, i) => ({ accountId: cash, date: '2024-01-01', amount: i })),
    );
    let seen = 0;
    for await (const chunk of ledger.entries.stream({ chunkSize: 50 })) {
      seen += chunk.length;
      break;
    }
    expect(seen).toBe(50);
    expect((await ledger.entries.list({ limit: 1 })).items).toHaveLength(1);
  });
});

describe('keyset pagination', () => {
  it('returns every existing row exactly once, newest first, while rows are inserted between pages', async () => {
    const { ledger, cash } = await setup();
    const dates = Array.from({ length: 60 }, (_, i) => `2025-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const original = await ledger.entries.createMany(
      dates.map((date, i) => ({ accountId: cash, date, amount: i })),
    );

    const seen: Entry[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = await ledger.entries.list({ cursor, limit: 8 });
      seen.push(...page.items);
      cursor = page.nextCursor;
      // Concurrent writers: same dates as already-seen and not-yet-seen rows, before and after the cursor.
      round += 1;
      await Promise.all([
        ledger.entries.create({ accountId: cash, date: '2025-01-28', amount: 1000 + round }),
        ledger.entries.create({ accountId: cash, date: '2025-01-01', amount: 2000 + round }),
        ledger.entries.create({
          accountId: cash,
          date: page.items.at(-1)?.date ?? '2025-01-15',
          amount: 3000 + round,
        }),
      ]);
    } while (cursor);

    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seenIds = new Set(ids);
    for (const entry of original) expect(seenIds.has(entry.id)).toBe(true);
    const keys = seen.map((e) => `${e.date}#${String(e.id).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });
});
