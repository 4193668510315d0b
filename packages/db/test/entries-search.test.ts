import { afterEach, describe, expect, it } from 'vitest';
import type { UserLedger } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function setup(): Promise<{ ledger: UserLedger; cash: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  await ledger.entries.createMany([
    {
      accountId: cash.id,
      date: '2025-01-01',
      amount: -450,
      payee: 'Café Nero',
      memo: 'flat white',
      category: 'Coffee',
    },
    {
      accountId: cash.id,
      date: '2025-01-02',
      amount: -900,
      payee: 'Bakery',
      memo: 'coffee beans and a cake',
    },
    { accountId: cash.id, date: '2025-01-03', amount: -1200, payee: 'Cinema', memo: 'popcorn' },
    { accountId: cash.id, date: '2025-01-04', amount: -300, payee: 'Coffee Corner', memo: 'espresso' },
  ]);
  return { ledger, cash: cash.id };
}

describe('entries.search', () => {
  it('matches word prefixes across payee, memo and category, ignoring accents and case', async () => {
    const { ledger } = await setup();
    const payees = async (query: string) =>
      (await ledger.entries.search({ query })).map((h) => h.entry.payee).sort();
    expect(await payees('cof')).toEqual(['Bakery', 'Café Nero', 'Coffee Corner']);
    expect(await payees('CAFE')).toEqual(['Café Nero']);
    expect(await payees('pop')).toEqual(['Cinema']);
    expect(await payees('coffee cake')).toEqual(['Bakery']);
    expect(await payees('nothing-like-this')).toEqual([]);
  });

  it('ranks payee matches above memo matches', async () => {
    const { ledger } = await setup();
    const hits = await ledger.entries.search({ query: 'coffee' });
    expect(hits.at(-1)?.entry.payee).toBe('Bakery');
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort((a, b) => a - b));
  });

  it('returns snippets as parts with the matched terms marked', async () => {
    const { ledger } = await setup();
    const [hit] = await ledger.entries.search({ query: 'popc' });
    expect(hit?.snippet).toEqual([{ text: 'popcorn', match: true }]);
    const [bakery] = await ledger.entries.search({ query: 'beans' });
    expect(bakery?.snippet).toEqual([
      { text: 'coffee ', match: false },
      { text: 'beans', match: true },
      { text: ' and a cake', match: false },
    ]);
  });

  it('restricts hits to one account when asked', async () => {
    const { ledger, cash } = await setup();
    const card = await ledger.accounts.create({ name: 'Card', kind: 'liability', currency: 'EUR' });
    await ledger.entries.create({
      accountId: card.id,
      date: '2025-01-05',
      amount: -100,
      payee: 'Coffee Kiosk',
    });
    const onCard = await ledger.entries.search({ query: 'coffee', accountId: card.id });
    expect(onCard.map((h) => h.entry.payee)).toEqual(['Coffee Kiosk']);
    expect((await ledger.entries.search({ query: 'coffee', accountId: cash })).length).toBe(3);
    expect((await ledger.entries.search({ query: 'coffee', limit: 2 })).length).toBe(2);
  });

  it('treats FTS5 syntax in the query as plain words', async () => {
    const { ledger } = await setup();
    for (const query of ['"', 'NEAR(a b)', 'payee:*', '-', '***', 'a OR', ')']) {
      await expect(ledger.entries.search({ query })).resolves.toBeInstanceOf(Array);
    }
  });

  it('follows updates and deletes', async () => {
    const { ledger } = await setup();
    const [hit] = await ledger.entries.search({ query: 'cinema' });
    if (!hit) throw new Error('expected a hit');
    await ledger.entries.update(hit.entry.id, { payee: 'Theatre' });
    expect(await ledger.entries.search({ query: 'cinema' })).toEqual([]);
    expect((await ledger.entries.search({ query: 'theat' })).map((h) => h.entry.id)).toEqual([hit.entry.id]);
    await ledger.entries.delete(hit.entry.id);
    expect(await ledger.entries.search({ query: 'theat' })).toEqual([]);
  });
});
