import { chmod, copyFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnknownUserError } from '../src/index.js';
import { userDbPath } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

/** Every path under `dir` (itself included) with its permission bits. */
async function modes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>([[dir, (await stat(dir)).mode & 0o777]]);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    found.set(path, (await stat(path)).mode & 0o777);
  }
  return found;
}

describe('data directory permissions', () => {
  it('creates directories 0700 and databases, backups and their side files 0600', async () => {
    temp = await createTempStore();
    const dataDir = join(temp.dataDir, 'fresh');
    const store = await temp.reopen({ dataDir });
    const ledger = await store.createUser('alice', PASSWORD);
    const cash = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    await ledger.entries.create({ accountId: cash.id, date: '2025-01-01', amount: 1 });
    await store.backup(ledger);
    await expect(store.unlock('nobody', PASSWORD)).rejects.toBeInstanceOf(UnknownUserError);

    const found = await modes(dataDir);
    const names = [...found.keys()].map((p) => p.slice(dataDir.length));
    expect(names).toEqual(
      expect.arrayContaining([
        '/global.db',
        '/global.db-wal',
        `/users/${ledger.user.id}.db-wal`,
        '/unlock-decoy.db',
      ]),
    );
    expect(names.some((n) => n.startsWith(`/backups/${ledger.user.id}/`))).toBe(true);
    const loose = [...found].filter(([, mode]) => (mode & 0o077) !== 0);
    expect(loose).toEqual([]);
  });

  it('tightens an existing data directory on start and reports it through onWarning', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await temp.store.close();
    const db = userDbPath(temp.dataDir, ledger.user.id);
    await chmod(temp.dataDir, 0o755);
    await chmod(join(temp.dataDir, 'global.db'), 0o644);
    await chmod(db, 0o664);

    const warnings: string[] = [];
    await temp.reopen({ onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/tightened 3 path/);
    expect((await stat(temp.dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(temp.dataDir, 'global.db'))).mode & 0o777).toBe(0o600);
    expect((await stat(db)).mode & 0o777).toBe(0o600);
  });
});

describe('leftover copies', () => {
  it('unlock removes a pre-rekey copy and its journal left by a crash while the copy was written', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    await temp.store.lock(ledger);
    const db = userDbPath(temp.dataDir, ledger.user.id);
    const copy = db.replace(/\.db$/, '.pre-rekey.db');
    // The crash came before the rekey was recorded: a (partial) copy under the old password.
    await copyFile(db, copy);
    await writeFile(`${copy}-journal`, 'partial');

    const again = await temp.store.unlock('alice', PASSWORD);
    expect((await again.accounts.list()).map((a) => a.name)).toEqual(['Cash']);
    const left = await readdir(join(temp.dataDir, 'users'));
    expect(left.filter((name) => name.includes('pre-rekey'))).toEqual([]);
  });

  it('deleteUser removes every file of the user, including copies and their journals', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const db = userDbPath(temp.dataDir, ledger.user.id);
    for (const suffix of [
      '.pre-rekey.db-journal',
      '.pre-rekey.db',
      '.pre-migration.db-journal',
      '.db.restoring',
    ]) {
      await writeFile(db.replace(/\.db$/, suffix), 'x');
    }
    await temp.store.deleteUser(ledger);
    const left = await readdir(join(temp.dataDir, 'users'));
    expect(left.filter((name) => name.startsWith(ledger.user.id))).toEqual([]);
  });
});
