import { afterEach, describe, expect, it } from 'vitest';
import {
  createLedgerStore,
  type LedgerStore,
  UnlockBusyError,
  type UnlockConcurrencyOptions,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

const NEW_PASSWORD = 'a brand new passphrase for alice';
/** One slot per user and overall, no queue: a second key derivation is refused at once. */
const ONE_AT_A_TIME: UnlockConcurrencyOptions = { perUser: 1, perUserQueue: 0, total: 1, totalQueue: 0 };

let temp: TempStore | undefined;
let pglite: LedgerStore | undefined;
afterEach(async () => {
  await temp?.dispose();
  await pglite?.close();
  temp = undefined;
  pglite = undefined;
});

/** Settles `work`, recording when (ms from `start`) it settled. */
async function settleAt<T>(start: number, work: Promise<T>) {
  const result = await work.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  );
  return { ...result, ms: performance.now() - start };
}

/** Unlocks, retrying while busy as a client would. */
async function unlockWhenFree(store: LedgerStore, username: string, password: string) {
  for (;;) {
    const ledger = await store.unlock(username, password).catch(async (error: unknown) => {
      if (!(error instanceof UnlockBusyError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return null;
    });
    if (ledger) return ledger;
  }
}

describe('registration under the key-derivation gate', () => {
  it('runs at most the gate capacity of 200 parallel registrations, refuses the rest at once, and lets a login through', async () => {
    temp = await createTempStore({ unlockConcurrency: { total: 2, totalQueue: 4 } });
    const store = temp.store;
    await store.lock(await store.createUser('alice', PASSWORD));

    const start = performance.now();
    const flood = Array.from({ length: 200 }, (_, i) =>
      settleAt(start, store.createUser(`user-${i}`, PASSWORD)),
    );
    const login = settleAt(start, unlockWhenFree(store, 'alice', PASSWORD));
    const results = await Promise.all(flood);
    const created = results.filter((r) => r.status === 'fulfilled');
    const busy = results.filter((r) => r.status === 'rejected' && r.reason instanceof UnlockBusyError);

    expect(created.length + busy.length).toBe(200);
    expect(created.length).toBeLessThanOrEqual(6); // 2 deriving + 4 queued
    // Refused before any key derivation: every refusal came before the first registration finished.
    const firstCreated = Math.min(...created.map((r) => r.ms));
    expect(Math.max(...busy.map((r) => r.ms))).toBeLessThan(firstCreated);
    const alice = await login;
    expect(alice).toMatchObject({ status: 'fulfilled' });
    // Only the admitted registrations exist.
    const registered = await Promise.all(results.map((_, i) => store.getUser(`user-${i}`)));
    expect(registered.filter(Boolean)).toHaveLength(created.length);
  });
});

describe('password changes and restores under the key-derivation gate', () => {
  it('changePassword holds the user slot and a shared slot while it re-keys', async () => {
    temp = await createTempStore({ unlockConcurrency: ONE_AT_A_TIME });
    const store = temp.store;
    const ledger = await store.createUser('alice', PASSWORD);
    await store.lock(await store.createUser('bob', PASSWORD));

    const [change, aliceUnlock, bobUnlock] = await Promise.allSettled([
      store.changePassword(ledger, PASSWORD, NEW_PASSWORD),
      store.unlock('alice', NEW_PASSWORD),
      store.unlock('bob', PASSWORD),
    ]);
    expect(change.status).toBe('fulfilled');
    expect(aliceUnlock).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
    expect(bobUnlock).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
    expect((await store.unlock('alice', NEW_PASSWORD)).user.username).toBe('alice');
  });

  it('restoreBackup holds the user slot and a shared slot while it checks the password', async () => {
    temp = await createTempStore({ unlockConcurrency: ONE_AT_A_TIME });
    const store = temp.store;
    const ledger = await store.createUser('alice', PASSWORD);
    const { id } = await store.backup(ledger);

    const [restore, aliceUnlock, registration] = await Promise.allSettled([
      store.restoreBackup(ledger, id, PASSWORD),
      store.unlock('alice', PASSWORD),
      store.createUser('carol', PASSWORD),
    ]);
    expect(restore.status).toBe('fulfilled');
    expect(aliceUnlock).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
    expect(registration).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
    expect(await store.getUser('carol')).toBeUndefined();
  });
});

describe('key-derivation gate on PGlite', () => {
  it('bounds registrations and password changes like unlock', async () => {
    pglite = await createLedgerStore({
      backend: { kind: 'pglite' },
      unlockConcurrency: { perUser: 1, perUserQueue: 0, total: 1, totalQueue: 1 },
    });
    const store = pglite;
    const ledger = await store.createUser('alice', PASSWORD);

    const flood = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.createUser(`user-${i}`, PASSWORD)),
    );
    const created = flood.filter((r) => r.status === 'fulfilled');
    const busy = flood.filter((r) => r.status === 'rejected' && r.reason instanceof UnlockBusyError);
    expect(created).toHaveLength(2); // 1 deriving + 1 queued
    expect(busy).toHaveLength(18);

    const [change, aliceUnlock] = await Promise.allSettled([
      store.changePassword(ledger, PASSWORD, NEW_PASSWORD),
      store.unlock('alice', NEW_PASSWORD),
    ]);
    expect(change.status).toBe('fulfilled');
    expect(aliceUnlock).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
    expect((await store.unlock('alice', NEW_PASSWORD)).user.username).toBe('alice');
  });
});
