import { afterEach, describe, expect, it } from 'vitest';
import {
  CurrencyMismatchError,
  InvalidInputError,
  MAX_AMOUNT,
  TotalOutOfRangeError,
  type UserLedger,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function setup(): Promise<UserLedger> {
  temp = await createTempStore();
  return temp.store.createUser('alice', PASSWORD);
}

describe('amount range', () => {
  it('accepts ±MAX_AMOUNT and refuses anything beyond it or fractional', async () => {
    const ledger = await setup();
    const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const base = { accountId: cash.id, date: '2025-01-01' };
    expect((await ledger.entries.create({ ...base, amount: MAX_AMOUNT })).amount).toBe(MAX_AMOUNT);
    expect((await ledger.entries.create({ ...base, amount: -MAX_AMOUNT })).amount).toBe(-MAX_AMOUNT);
    for (const amount of [MAX_AMOUNT + 1, -MAX_AMOUNT - 1, Number.MAX_SAFE_INTEGER, 1.5]) {
      await expect(ledger.entries.create({ ...base, amount })).rejects.toBeInstanceOf(InvalidInputError);
    }
  });

  it('never returns an inexact total: a sum beyond 2^53 - 1 is TotalOutOfRangeError', async () => {
    const ledger = await setup();
    const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    // 9 100 entries at the bound sum to 9.1e15 > 2^53 - 1 ≈ 9.007e15.
    const rows = Array.from({ length: 9_100 }, (_, i) => ({
      accountId: cash.id,
      date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
      amount: MAX_AMOUNT,
    }));
    await ledger.entries.createMany(rows);
    await expect(ledger.reports.balances({ asOf: '2025-12-31' })).rejects.toBeInstanceOf(
      TotalOutOfRangeError,
    );
    await expect(ledger.reports.monthly({ from: '2025-01', to: '2025-01' })).rejects.toBeInstanceOf(
      TotalOutOfRangeError,
    );
    await expect(ledger.reports.netWorth({ from: '2025-01', to: '2025-02' })).rejects.toBeInstanceOf(
      TotalOutOfRangeError,
    );
    // Within the range every total is an exact integer.
    const january = await ledger.reports.balances({ asOf: '2025-01-01' });
    expect(january.accounts[0]?.balance).toBe(MAX_AMOUNT * 325);
    expect(Number.isSafeInteger(january.byCurrency[0]?.netWorth)).toBe(true);
  });
});

describe('moving an entry between accounts', () => {
  it('refuses a move to an account in another currency and changes nothing', async () => {
    const ledger = await setup();
    const eur = await ledger.accounts.create({ name: 'EUR', kind: 'asset', currency: 'EUR' });
    const eur2 = await ledger.accounts.create({ name: 'EUR 2', kind: 'asset', currency: 'EUR' });
    const jpy = await ledger.accounts.create({ name: 'JPY', kind: 'asset', currency: 'JPY' });
    const entry = await ledger.entries.create({ accountId: eur.id, date: '2025-01-01', amount: 450 });
    const other = await ledger.entries.create({ accountId: eur.id, date: '2025-01-02', amount: 100 });

    await expect(ledger.entries.update(entry.id, { accountId: jpy.id })).rejects.toBeInstanceOf(
      CurrencyMismatchError,
    );
    await expect(
      ledger.entries.updateMany([
        { id: other.id, accountId: eur2.id },
        { id: entry.id, accountId: jpy.id },
      ]),
    ).rejects.toBeInstanceOf(CurrencyMismatchError);
    expect((await ledger.entries.get(entry.id)).accountId).toBe(eur.id);
    expect((await ledger.entries.get(other.id)).accountId).toBe(eur.id);
    expect((await ledger.entries.update(entry.id, { accountId: eur2.id })).accountId).toBe(eur2.id);
  });
});
