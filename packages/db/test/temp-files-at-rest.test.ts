import { Readable } from 'node:stream';
import { type UnlinkedFile, watchUnlinkedFiles } from '@coffer/sqlite-worker/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLedgerCsv, type UserLedger } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

const MARKER = 'PLAINTEXT-MARKER-temp-4b2e';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function ledgerWithAccount(): Promise<{ ledger: UserLedger; accountId: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const account = await ledger.accounts.create({ name: `${MARKER} account`, kind: 'asset', currency: 'EUR' });
  return { ledger, accountId: account.id };
}

/** Runs `work` while every unlinked file this process holds open (SQLite's `etilqs_*`) is read. */
async function unlinkedFilesDuring(work: () => Promise<unknown>): Promise<UnlinkedFile[]> {
  const watcher = await watchUnlinkedFiles(MARKER);
  let files: UnlinkedFile[] = [];
  try {
    await work();
  } finally {
    files = await watcher.stop();
  }
  return files;
}

describe('temporary files at rest (SQLite temp files never hold user data)', () => {
  it('entries.deleteMany of 50 ids on a 1 000-entry ledger writes no plaintext temp file', async () => {
    const { ledger, accountId } = await ledgerWithAccount();
    const created = await ledger.entries.createMany(
      Array.from({ length: 1000 }, (_, i) => ({
        accountId,
        date: `2025-0${1 + (i % 9)}-1${i % 10}`,
        amount: i + 1,
        payee: `${MARKER} payee ${i}`,
        memo: `${MARKER} memo ${i} ${'m'.repeat(60)}`,
        category: `${MARKER} category ${i % 7}`,
        tags: [`${MARKER.toLowerCase()}-${i % 5}`],
      })),
    );
    const ids = created.slice(0, 50).map((entry) => entry.id);
    let deleted = 0;
    const files = await unlinkedFilesDuring(async () => {
      deleted = await ledger.entries.deleteMany(ids);
    });
    expect(deleted).toBe(50);
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);

  it('a CSV import through importRows writes no plaintext temp file', async () => {
    const { ledger, accountId } = await ledgerWithAccount();
    const lines = Array.from(
      { length: 1500 },
      (_, i) =>
        `2025-0${1 + (i % 9)}-1${i % 10},-${1 + (i % 90)}.${10 + (i % 80)},"${MARKER} payee ${i}",` +
        `"${MARKER} memo ${i} ${'m'.repeat(60)}",${MARKER} category,${MARKER.toLowerCase()}-${i % 5}`,
    );
    const csv = `Date,Amount,Payee,Memo,Category,Tags\n${lines.join('\n')}\n`;
    let added = 0;
    const files = await unlinkedFilesDuring(async () => {
      const result = await ledger.imports.importRows({
        accountId,
        sourceName: `${MARKER}.csv`,
        rows: parseLedgerCsv(Readable.from([csv])),
      });
      added = result.added;
    });
    expect(added).toBe(1500);
    expect(files.filter((file) => file.containsMarker)).toEqual([]);
  }, 60_000);
});
