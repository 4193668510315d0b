import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerStore, type LedgerStore } from '@coffer/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySessionRegistry } from '../src/index.js';

const PASSWORD = 'correct horse battery';
let dataDir: string;
let store: LedgerStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'coffer-api-sessions-'));
  store = await createLedgerStore({ dataDir });
  await store.lock(await store.createUser('alice', PASSWORD));
});
afterAll(async () => {
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createMemorySessionRegistry', () => {
  it('hands out distinct 256-bit tokens, several sessions per user', async () => {
    const sessions = createMemorySessionRegistry({ store });
    const one = await sessions.create(await store.unlock('alice', PASSWORD));
    const two = await sessions.create(await store.unlock('alice', PASSWORD));
    expect(Buffer.from(one.token, 'base64url')).toHaveLength(32);
    expect(one.token).not.toBe(two.token);
    expect((await sessions.authenticate(one.token))?.id).toBe(one.session.id);
    expect((await sessions.authenticate(two.token))?.id).toBe(two.session.id);
    // Change the first character to a different one (a fixed replacement equals it 1 time in 64).
    const forged = `${one.token[0] === 'A' ? 'B' : 'A'}${one.token.slice(1)}`;
    expect(await sessions.authenticate(forged)).toBeNull();
    await sessions.close();
  });

  it('expires a session left idle, and one past its absolute lifetime even while used', async () => {
    let now = 1_000_000;
    const sessions = createMemorySessionRegistry({
      store,
      idleTimeoutMs: 1_000,
      absoluteTimeoutMs: 5_000,
      now: () => now,
    });
    const idle = await sessions.create(await store.unlock('alice', PASSWORD));
    const busy = await sessions.create(await store.unlock('alice', PASSWORD));
    for (let i = 0; i < 4; i += 1) {
      now += 900;
      expect(await sessions.authenticate(busy.token)).not.toBeNull();
    }
    expect(await sessions.authenticate(idle.token)).toBeNull();
    expect(idle.session.signal.aborted).toBe(true);
    now += 1_500; // 5 100 ms after login
    expect(await sessions.authenticate(busy.token)).toBeNull();
    expect(busy.session.signal.aborted).toBe(true);
    await sessions.close();
  });

  it('sweep ends expired sessions without waiting for their next call', async () => {
    let now = 0;
    const sessions = createMemorySessionRegistry({ store, idleTimeoutMs: 1_000, now: () => now });
    const { session } = await sessions.create(await store.unlock('alice', PASSWORD));
    expect(await sessions.sweep()).toBe(0);
    now += 1_000;
    expect(await sessions.sweep()).toBe(1);
    expect(session.signal.aborted).toBe(true);
    await sessions.close();
  });

  it('revokeUser ends every other session of the user', async () => {
    const sessions = createMemorySessionRegistry({ store });
    const keep = await sessions.create(await store.unlock('alice', PASSWORD));
    const other = await sessions.create(await store.unlock('alice', PASSWORD));
    expect(await sessions.revokeUser(keep.session.userId, { exceptSessionId: keep.session.id })).toBe(1);
    expect(await sessions.authenticate(other.token)).toBeNull();
    expect(await sessions.authenticate(keep.token)).not.toBeNull();
    await sessions.close();
  });

  it("locks a session's ledger a grace period after the session ends", async () => {
    const sessions = createMemorySessionRegistry({ store, lockGraceMs: 200 });
    const { session } = await sessions.create(await store.unlock('alice', PASSWORD));
    expect(await sessions.revoke(session.id)).toBe(true);
    expect(session.ledger.locked).toBe(false); // still in its grace period
    await waitUntil(() => session.ledger.locked);
    expect(await sessions.unlockedLedgers()).toEqual([]);
    await sessions.close();
  });

  it('close locks every ledger at once', async () => {
    const sessions = createMemorySessionRegistry({ store, lockGraceMs: 60_000 });
    const { session } = await sessions.create(await store.unlock('alice', PASSWORD));
    await sessions.close();
    expect(session.ledger.locked).toBe(true);
  });
});
