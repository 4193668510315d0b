import { randomBytes } from 'node:crypto';
import { access, copyFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidPasswordError,
  InvalidUsernameError,
  LedgerLockedError,
  type LedgerStore,
  NotFoundError,
  UnknownUserError,
  type UserLedger,
  UsernameTakenError,
  WrongPasswordError,
} from '../src/index.js';
import { fileHash, userDbPath } from './support/files.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function withAccount(ledger: UserLedger) {
  return ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
}

describe('createLedgerStore', () => {
  it('validates options with TypeErrors naming the option', async () => {
    temp = await createTempStore();
    await expect(temp.reopen({ backupsToKeep: 0 })).rejects.toThrow(/options.backupsToKeep/);
    await expect(temp.reopen({ dataDir: '' })).rejects.toThrow(/options.dataDir/);
  });
});

describe('createUser / unlock / lock', () => {
  it('creates a user, locks, and unlocks again with the same data', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const account = await withAccount(ledger);
    await temp.store.lock(ledger);
    expect(ledger.locked).toBe(true);
    await expect(ledger.accounts.list()).rejects.toBeInstanceOf(LedgerLockedError);

    const again = await temp.store.unlock('alice', PASSWORD);
    expect(await again.accounts.list()).toEqual([account]);
    expect(again.user.lastLoginAt).toEqual(expect.any(Number));
  });

  it('keeps users and data across a store restart', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await withAccount(ledger);
    await temp.store.close();
    const store = await temp.reopen();
    const again = await store.unlock('alice', PASSWORD);
    expect((await again.accounts.list()).map((a) => a.name)).toEqual(['Cash']);
  });

  it('normalizes usernames (trim, NFKC, lower case) and refuses duplicates', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('  Ａlice ', PASSWORD);
    expect(ledger.user.username).toBe('alice');
    await expect(temp.store.createUser('ALICE', PASSWORD)).rejects.toBeInstanceOf(UsernameTakenError);
    const again = await temp.store.unlock('Alice', PASSWORD);
    expect(again.user.id).toBe(ledger.user.id);
  });

  it('rejects malformed usernames and short passwords before touching the disk', async () => {
    temp = await createTempStore();
    for (const bad of ['../etc', 'a', 'x'.repeat(40), 'bob smith', '', '.hidden']) {
      await expect(temp.store.createUser(bad, PASSWORD)).rejects.toBeInstanceOf(InvalidUsernameError);
    }
    await expect(temp.store.createUser('bob', 'short')).rejects.toBeInstanceOf(InvalidPasswordError);
    expect(await temp.store.getUser('bob')).toBeUndefined();
  });

  it('names the database file after a generated id, never after the username', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    expect(ledger.user.id).toMatch(/^[0-9a-f-]{36}$/);
    await access(userDbPath(temp.dataDir, ledger.user.id));
  });

  it('throws WrongPasswordError on a wrong password and leaves the file byte-for-byte unchanged', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await withAccount(ledger);
    await temp.store.lock(ledger);
    const path = userDbPath(temp.dataDir, ledger.user.id);
    const before = await fileHash(path);
    const mtime = (await stat(path)).mtimeMs;

    await expect(temp.store.unlock('alice', 'not the password')).rejects.toBeInstanceOf(WrongPasswordError);

    expect(await fileHash(path)).toBe(before);
    expect((await stat(path)).mtimeMs).toBe(mtime);
    const again = await temp.store.unlock('alice', PASSWORD);
    expect(await again.accounts.list()).toHaveLength(1);
  });

  it('requires the password even when the ledger is already unlocked by another session', async () => {
    temp = await createTempStore();
    await temp.store.createUser('alice', PASSWORD);
    await expect(temp.store.unlock('alice', 'not the password')).rejects.toBeInstanceOf(WrongPasswordError);
  });

  it('refuses to unlock a user whose database file is missing instead of creating an empty ledger', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await temp.store.lock(ledger);
    const path = userDbPath(temp.dataDir, ledger.user.id);
    await rename(path, `${path}.moved`);
    await expect(temp.store.unlock('alice', PASSWORD)).rejects.toBeInstanceOf(NotFoundError);
    await expect(access(path)).rejects.toThrow();
  });

  it('throws UnknownUserError for a user that does not exist', async () => {
    temp = await createTempStore();
    await expect(temp.store.unlock('nobody', PASSWORD)).rejects.toBeInstanceOf(UnknownUserError);
  });

  it('shares one open database between sessions: writes in one are heard in the other', async () => {
    temp = await createTempStore();
    const first = await temp.store.createUser('alice', PASSWORD);
    const second = await temp.store.unlock('alice', PASSWORD);
    const heard: string[] = [];
    const done = new Promise<void>((resolve) => {
      second.onChange((entries) => {
        for (const e of entries) heard.push(`${e.entity}:${e.op}`);
        resolve();
      });
    });
    await withAccount(first);
    await done;
    expect(heard).toEqual(['account:insert']);

    await temp.store.lock(first);
    expect(await second.accounts.list()).toHaveLength(1);
  });
});

describe('changePassword', () => {
  it('re-encrypts the database: the old password stops working, data and open handles keep working', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await withAccount(ledger);
    await temp.store.backup(ledger);
    await expect(
      temp.store.changePassword(ledger, 'not the password', 'new password 123'),
    ).rejects.toBeInstanceOf(WrongPasswordError);
    await temp.store.changePassword(ledger, PASSWORD, 'new password 123');
    expect(await ledger.accounts.list()).toHaveLength(1);
    await temp.store.lock(ledger);

    await expect(temp.store.unlock('alice', PASSWORD)).rejects.toBeInstanceOf(WrongPasswordError);
    const again = await temp.store.unlock('alice', 'new password 123');
    expect(await again.accounts.list()).toHaveLength(1);
    // Backups follow the password: the old one can no longer open them.
    const [backup] = await temp.store.listBackups(again);
    if (!backup) throw new Error('expected a backup');
    await expect(temp.store.restoreBackup(again, backup.id, PASSWORD)).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
    const restored = await temp.store.restoreBackup(again, backup.id, 'new password 123');
    expect(await restored.accounts.list()).toHaveLength(1);
  });
});

describe('interrupted password change', () => {
  /** Puts the data dir in the state a crash during the rekey leaves: marker set, pre-rekey copy present. */
  async function crashDuringRekey(damageMain: boolean) {
    const ledger = await temp.store.createUser('alice', PASSWORD);
    await withAccount(ledger);
    await temp.store.lock(ledger);
    await temp.store.close();
    const path = userDbPath(temp.dataDir, ledger.user.id);
    const copy = path.replace(/\.db$/, '.pre-rekey.db');
    await copyFile(path, copy);
    if (damageMain) await writeFile(path, randomBytes(64 * 1024));
    const global = await temp.pool.open({ path: join(temp.dataDir, 'global.db') });
    await global.query('UPDATE users SET pending_rekey_backup = ? WHERE id = ?', [copy, ledger.user.id]);
    await global.close();
    return { copy, store: await temp.reopen() };
  }

  it('puts the pre-rekey copy back when the main file was left half re-encrypted', async () => {
    temp = await createTempStore();
    const { copy, store } = await crashDuringRekey(true);
    const ledger = await store.unlock('alice', PASSWORD);
    expect((await ledger.accounts.list()).map((a) => a.name)).toEqual(['Cash']);
    await expect(access(copy)).rejects.toThrow();
    await store.lock(ledger);
    expect(await (await store.unlock('alice', PASSWORD)).accounts.list()).toHaveLength(1);
  });

  it('keeps the main file and drops the copy when the password opens it', async () => {
    temp = await createTempStore();
    const { copy, store } = await crashDuringRekey(false);
    await expect(store.unlock('alice', 'a different password')).rejects.toBeInstanceOf(WrongPasswordError);
    await access(copy);
    const ledger = await store.unlock('alice', PASSWORD);
    expect(await ledger.accounts.list()).toHaveLength(1);
    await expect(access(copy)).rejects.toThrow();
  });
});

describe('deleteUser', () => {
  it('removes the user, their files and backups, and locks every handle', async () => {
    temp = await createTempStore();
    const ledger = await temp.store.createUser('alice', PASSWORD);
    const other = await temp.store.unlock('alice', PASSWORD);
    await temp.store.backup(ledger);
    await temp.store.deleteUser(ledger);
    expect(other.locked).toBe(true);
    await expect(access(userDbPath(temp.dataDir, ledger.user.id))).rejects.toThrow();
    await expect(temp.store.unlock('alice', PASSWORD)).rejects.toBeInstanceOf(UnknownUserError);
    const again = await temp.store.createUser('alice', PASSWORD);
    expect(await again.accounts.list()).toEqual([]);
  });
});

describe('login throttling', () => {
  it('locks a key out after repeated failures and forgets them after a success', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 3, baseLockoutMs: 60_000 } });
    const store: LedgerStore = temp.store;
    expect(await store.loginAllowed('alice')).toEqual({ allowed: true, retryAfterMs: 0 });
    await store.recordLoginFailure('alice');
    await store.recordLoginFailure('alice');
    const third = await store.recordLoginFailure('alice');
    expect(third.allowed).toBe(false);
    expect(third.retryAfterMs).toBeGreaterThan(50_000);
    expect((await store.loginAllowed('alice')).allowed).toBe(false);
    expect((await store.loginAllowed('bob')).allowed).toBe(true);
    await store.recordLoginSuccess('alice');
    expect((await store.loginAllowed('alice')).allowed).toBe(true);
  });

  it('keeps throttling state in the global DB across restarts', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 1 } });
    await temp.store.recordLoginFailure('10.0.0.1');
    await temp.store.close();
    const store = await temp.reopen({ throttle: { maxFailures: 1 } });
    expect((await store.loginAllowed('10.0.0.1')).allowed).toBe(false);
  });
});

describe('settings', () => {
  it('stores JSON values in the global DB', async () => {
    temp = await createTempStore();
    await temp.store.settings.set('registration', { open: false, max: 10 });
    expect(await temp.store.settings.get('registration')).toEqual({ open: false, max: 10 });
    expect(await temp.store.settings.get('missing')).toBeUndefined();
  });
});
