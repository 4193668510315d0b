import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, type UserLedger } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function fill(ledger: UserLedger, who: string, count: number) {
  const account = await ledger.accounts.create({ name: `${who} checking`, kind: 'asset', currency: 'EUR' });
  const entries = await ledger.entries.createMany(
    Array.from({ length: count }, (_, i) => ({
      accountId: account.id,
      date: '2025-01-15',
      amount: 100 * (i + 1),
      payee: `${who}shop`,
      category: `${who}-category`,
      tags: [`${who}-tag`],
    })),
  );
  await ledger.imports.importRows({
    accountId: account.id,
    sourceName: `${who}.csv`,
    rows: [{ line: 2, date: '2025-01-16', amount: 1, payee: `${who}import` }],
  });
  return { account, entries };
}

describe('user isolation', () => {
  it("never shows one user's data through any repository function of another", async () => {
    temp = await createTempStore();
    const alice = await temp.store.createUser('alice', PASSWORD);
    const bob = await temp.store.createUser('bob', 'another long password');
    const heardByBob: string[] = [];
    bob.onChange((entries) => {
      for (const e of entries) heardByBob.push(JSON.stringify(e.row));
    });
    const a = await fill(alice, 'alice', 30);
    await fill(bob, 'bob', 3);
    const aliceOnly = a.entries.at(-1);
    if (!aliceOnly) throw new Error('expected entries');

    const bobSees = JSON.stringify([
      await bob.accounts.list({ includeArchived: true }),
      await bob.entries.list({ limit: 500 }),
      await bob.entries.search({ query: 'alice' }),
      await bob.entries.list({ tag: 'alice-tag' }),
      await bob.entries.list({ category: 'alice-category' }),
      await bob.reports.balances({ asOf: '2030-01-01', includeArchived: true }),
      await bob.reports.monthly({ from: '2025-01', to: '2025-01' }),
      await bob.reports.netWorth({ from: '2025-01', to: '2025-01' }),
      await bob.imports.listBatches(),
      await bob.changes.readAfter(0, 10_000),
    ]);
    expect(bobSees).not.toMatch(/alice/);
    expect(bobSees).toMatch(/bob/);
    await expect(bob.entries.get(aliceOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.entries.update(aliceOnly.id, { amount: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.entries.delete(aliceOnly.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.accounts.get(a.account.id + 5)).rejects.toBeInstanceOf(NotFoundError);

    const balances = await bob.reports.balances({ asOf: '2030-01-01' });
    expect(balances.byCurrency).toEqual([{ currency: 'EUR', assets: 601, liabilities: 0, netWorth: 601 }]);
    await expect.poll(() => heardByBob.length).toBeGreaterThan(0);
    expect(heardByBob.join('\n')).not.toMatch(/alice/);
    expect(await temp.store.listBackups(bob)).toEqual([]);
    await temp.store.backup(alice);
    expect(await temp.store.listBackups(bob)).toEqual([]);
  });

  it("refuses another user's backup id on restore", async () => {
    temp = await createTempStore();
    const alice = await temp.store.createUser('alice', PASSWORD);
    const bob = await temp.store.createUser('bob', PASSWORD);
    const backup = await temp.store.backup(alice);
    await expect(temp.store.restoreBackup(bob, backup.id, PASSWORD)).rejects.toBeInstanceOf(NotFoundError);
    await expect(temp.store.restoreBackup(bob, '../../global', PASSWORD)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
