import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, WrongPasswordError } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

describe('backups', () => {
  it('keeps the newest N backups, lists them newest first, and restores one', async () => {
    temp = await createTempStore({ backupsToKeep: 2 });
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const account = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const ids: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      await ledger.entries.create({ accountId: account.id, date: '2025-01-01', amount: i });
      ids.push((await temp.store.backup(ledger)).id);
    }
    const list = await temp.store.listBackups(ledger);
    expect(list.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(list.every((b) => b.sizeBytes > 0)).toBe(true);

    await expect(temp.store.restoreBackup(ledger, ids[0] ?? '', PASSWORD)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(temp.store.restoreBackup(ledger, ids[1] ?? '', 'wrong password!')).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
    expect(ledger.locked).toBe(false);

    const restored = await temp.store.restoreBackup(ledger, ids[1] ?? '', PASSWORD);
    expect((await restored.entries.list()).items.map((e) => e.amount)).toEqual([2, 1]);
    await temp.store.lock(restored);
    const again = await temp.store.unlock('alice', PASSWORD);
    expect((await again.entries.list()).items).toHaveLength(2);
  });
});
