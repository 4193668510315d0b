import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

const MARKER = 'PLAINTEXT-MARKER-7f3a9c';

describe('encryption at rest', () => {
  it('writes no plaintext of user data to the database, its WAL, or backups', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const account = await ledger.accounts.create({
      name: `${MARKER} account`,
      kind: 'asset',
      currency: 'EUR',
    });
    await ledger.entries.createMany(
      Array.from({ length: 200 }, (_, i) => ({
        accountId: account.id,
        date: '2025-03-01',
        amount: i,
        payee: `${MARKER} payee ${i}`,
        memo: `${MARKER} memo`,
        category: MARKER,
        tags: [MARKER.toLowerCase()],
      })),
    );
    await temp.store.backup(ledger);

    // While the ledger is open the WAL holds recent pages; check every file, then again after closing.
    const check = async () => {
      const files = (await listFiles(temp.dataDir)).filter((f) => !f.includes('/global.db'));
      expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
      for (const file of files) {
        const bytes = await readFile(file);
        expect(bytes.includes(Buffer.from(MARKER)), file).toBe(false);
        expect(bytes.includes(Buffer.from(MARKER.toLowerCase())), file).toBe(false);
        expect(bytes.includes(Buffer.from('SQLite format 3')), file).toBe(false);
      }
      return files;
    };
    const openFiles = await check();
    expect(openFiles.some((f) => f.includes('/backups/'))).toBe(true);
    await temp.store.lock(ledger);
    for (const file of (await listFiles(temp.dataDir)).filter((f) => !f.includes('/global.db'))) {
      expect((await readFile(file)).includes(Buffer.from(MARKER)), file).toBe(false);
    }
  });

  it('keeps only the registry in the plain global DB (no password or key)', async () => {
    temp = await createTempStore();
    await temp.store.createUser('alice', PASSWORD);
    await temp.store.close();
    const global = await readFile(`${temp.dataDir}/global.db`);
    expect(global.includes(Buffer.from(PASSWORD))).toBe(false);
  });
});
