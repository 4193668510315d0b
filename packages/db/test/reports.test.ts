import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Entry, UserLedger } from '../src/index.js';
import { seedLedger } from '../src/seed/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
let ledger: UserLedger;
let accounts: Account[];
let entries: Entry[];

beforeAll(async () => {
  temp = await createTempStore();
  ledger = await temp.store.createUser('alice', PASSWORD);
  ({ accounts } = await seedLedger(ledger, { entries: 3000, years: 2, endDate: '2025-06-30', seed: 7 }));
  // Exercise the trigger-maintained totals with updates (amount, date, account) and deletes.
  const some = (await ledger.entries.list({ limit: 60 })).items;
  const [cash, savings] = [accounts[2], accounts[1]];
  await ledger.entries.updateMany(some.slice(0, 20).map((e, i) => ({ id: e.id, amount: e.amount + i * 7 })));
  await ledger.entries.updateMany(some.slice(20, 30).map((e) => ({ id: e.id, date: '2024-02-29' })));
  await ledger.entries.updateMany(
    some
      .slice(30, 40)
      .map((e) => ({ id: e.id, accountId: e.accountId === cash?.id ? (savings?.id ?? 0) : (cash?.id ?? 0) })),
  );
  await ledger.entries.deleteMany(some.slice(40, 60).map((e) => e.id));
  entries = [];
  let cursor: string | null = null;
  do {
    const page = await ledger.entries.list({ cursor, limit: 500 });
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
});

afterAll(async () => {
  await temp?.dispose();
});

const accountOf = (id: number) => {
  const account = accounts.find((a) => a.id === id);
  if (!account) throw new Error(`no account ${id}`);
  return account;
};

function bruteBalances(asOf: string) {
  const sums = new Map<number, number>();
  for (const e of entries) if (e.date <= asOf) sums.set(e.accountId, (sums.get(e.accountId) ?? 0) + e.amount);
  return sums;
}

function bruteNetWorth(asOf: string) {
  const byCurrency = new Map<string, { assets: number; liabilities: number }>();
  for (const [id, balance] of bruteBalances(asOf)) {
    const account = accountOf(id);
    const t = byCurrency.get(account.currency) ?? { assets: 0, liabilities: 0 };
    if (account.kind === 'asset') t.assets += balance;
    if (account.kind === 'liability') t.liabilities += balance;
    byCurrency.set(account.currency, t);
  }
  return byCurrency;
}

describe('reports against a brute-force computation', () => {
  it('has generated a multi-currency ledger', () => {
    expect(entries.length).toBe(2980);
    expect(new Set(accounts.map((a) => a.currency))).toEqual(new Set(['EUR', 'USD', 'JPY']));
  });

  it('balances as of several dates equal the sum of entries up to that date', async () => {
    for (const asOf of ['2023-01-01', '2023-12-31', '2024-02-29', '2025-06-30', '2030-01-01']) {
      const report = await ledger.reports.balances({ asOf });
      const expected = bruteBalances(asOf);
      for (const row of report.accounts)
        expect([asOf, row.name, row.balance]).toEqual([asOf, row.name, expected.get(row.accountId) ?? 0]);
      const worth = bruteNetWorth(asOf);
      for (const t of report.byCurrency) {
        const e = worth.get(t.currency) ?? { assets: 0, liabilities: 0 };
        expect(t).toEqual({ currency: t.currency, ...e, netWorth: e.assets + e.liabilities });
      }
    }
  });

  it('monthly totals by category equal grouped sums and never mix currencies', async () => {
    const report = await ledger.reports.monthly({ from: '2024-01', to: '2024-12' });
    const expected = new Map<string, { total: number; count: number }>();
    for (const e of entries) {
      if (e.date < '2024-01-01' || e.date > '2024-12-31') continue;
      const key = `${e.date.slice(0, 7)}|${e.category}|${accountOf(e.accountId).currency}`;
      const t = expected.get(key) ?? { total: 0, count: 0 };
      t.total += e.amount;
      t.count += 1;
      expected.set(key, t);
    }
    expect(report).toHaveLength(expected.size);
    for (const row of report) {
      const want = expected.get(`${row.month}|${row.category}|${row.currency}`);
      expect([row.month, row.category, row.currency, { total: row.total, count: row.count }]).toEqual([
        row.month,
        row.category,
        row.currency,
        want,
      ]);
      expect(Number.isSafeInteger(row.total)).toBe(true);
    }
  });

  it('net-worth series equals the brute-force balance at every month end, per currency', async () => {
    const series = await ledger.reports.netWorth({ from: '2023-06', to: '2025-08' });
    expect(series.map((s) => s.currency)).toEqual(['EUR', 'JPY', 'USD']);
    for (const { currency, points } of series) {
      expect(points).toHaveLength(27);
      for (const point of points) {
        const [y, m] = point.month.split('-').map(Number) as [number, number];
        const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
        const e = bruteNetWorth(monthEnd).get(currency) ?? { assets: 0, liabilities: 0 };
        expect(point).toEqual({ month: point.month, currency, ...e, netWorth: e.assets + e.liabilities });
      }
    }
  });
});
