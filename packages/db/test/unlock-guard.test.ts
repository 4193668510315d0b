import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  LoginThrottledError,
  UnknownUserError,
  UnlockBusyError,
  WrongPasswordError,
} from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function timed(work: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: performance.now() - start, error };
}

async function median(work: () => Promise<unknown>, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push((await timed(work)).ms);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

describe('unlock throttling', () => {
  it('refuses attempts before deriving a key once the username is locked out, even with the right password', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 3 } });
    await temp.store.lock(await temp.store.createUser('alice', PASSWORD));
    const wrong = await median(() => temp.store.unlock('alice', 'wrong password!'));
    const refused = await timed(() => temp.store.unlock('alice', PASSWORD));
    expect(refused.error).toBeInstanceOf(LoginThrottledError);
    expect((refused.error as LoginThrottledError).retryAfterMs).toBeGreaterThan(0);
    // No key derivation: a fraction of what a wrong password costs.
    expect(refused.ms).toBeLessThan(wrong / 2);
  });

  it('charges failures to the extra keys the caller passes, across usernames', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 2 } });
    await temp.store.lock(await temp.store.createUser('alice', PASSWORD));
    const ip = { throttleKeys: ['ip:203.0.113.7'] };
    await expect(temp.store.unlock('nobody', PASSWORD, ip)).rejects.toBeInstanceOf(UnknownUserError);
    await expect(temp.store.unlock('alice', 'wrong password!', ip)).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
    await expect(temp.store.unlock('alice', PASSWORD, ip)).rejects.toBeInstanceOf(LoginThrottledError);
    // alice's own key has one failure: from another address she gets in.
    const ledger = await temp.store.unlock('alice', PASSWORD, { throttleKeys: ['ip:198.51.100.1'] });
    expect(ledger.user.username).toBe('alice');
  });

  it('stores throttle keys only as fixed-size digests and refuses oversized keys', async () => {
    temp = await createTempStore();
    await expect(temp.store.recordLoginFailure('k'.repeat(5 * 1024 * 1024))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      temp.store.unlock('alice', PASSWORD, { throttleKeys: ['x'.repeat(513)] }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await temp.store.recordLoginFailure('ip:203.0.113.7');
    await expect(temp.store.unlock('nobody', PASSWORD)).rejects.toBeInstanceOf(UnknownUserError);
    const global = await temp.pool.open({ path: join(temp.dataDir, 'global.db') });
    const { rows } = await global.query<{ key: string }>('SELECT key FROM login_throttle');
    await global.close();
    expect(rows).toHaveLength(2);
    for (const { key } of rows) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('unlock cost of an unknown user', () => {
  it('costs about what a wrong password costs, so timing does not reveal who exists', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 1000 } });
    await temp.store.lock(await temp.store.createUser('alice', PASSWORD));
    await temp.store.unlock('nobody', 'warm up the decoy').catch(() => undefined);
    const wrong = await median(() => temp.store.unlock('alice', 'wrong password!'));
    const unknown = await median(() => temp.store.unlock('nobody', 'wrong password!'));
    // Before: ~1 ms against ~200 ms. Generous bounds for a loaded 2-core machine.
    expect(unknown / wrong).toBeGreaterThan(0.4);
    expect(unknown / wrong).toBeLessThan(2.5);
  });
});

describe('unlock concurrency', () => {
  it('refuses a flood of parallel guesses fast, so the real user gets in within a few key derivations', async () => {
    temp = await createTempStore({ throttle: { maxFailures: 1000 } });
    await temp.store.lock(await temp.store.createUser('alice', PASSWORD));
    const one = await median(async () => temp.store.lock(await temp.store.unlock('alice', PASSWORD)));

    const start = performance.now();
    const flood = Array.from({ length: 40 }, (_, i) => temp.store.unlock('alice', `wrong guess ${i}`));
    const settled = Promise.allSettled(flood);
    // The real user retries while busy, as a client would.
    let ledger = null;
    while (!ledger) {
      ledger = await temp.store.unlock('alice', PASSWORD).catch(async (error: unknown) => {
        if (!(error instanceof UnlockBusyError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return null;
      });
    }
    const realUserIn = performance.now() - start;
    const results = await settled;
    const busy = results.filter((r) => r.status === 'rejected' && r.reason instanceof UnlockBusyError);
    const wrong = results.filter((r) => r.status === 'rejected' && r.reason instanceof WrongPasswordError);
    expect(busy.length + wrong.length).toBe(40);
    expect(wrong.length).toBeLessThanOrEqual(3); // one deriving, two queued
    // Before: the real unlock waited behind all 40 derivations.
    expect(realUserIn).toBeLessThan(12 * one);
  });

  it('fails fast with UnlockBusyError when the per-user queue is full', async () => {
    temp = await createTempStore({ unlockConcurrency: { perUser: 1, perUserQueue: 0 } });
    await temp.store.lock(await temp.store.createUser('alice', PASSWORD));
    const [first, second] = await Promise.allSettled([
      temp.store.unlock('alice', PASSWORD),
      temp.store.unlock('alice', PASSWORD),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(UnlockBusyError) });
  });

  it('validates unlockConcurrency with TypeErrors naming the option', async () => {
    temp = await createTempStore();
    await expect(temp.reopen({ unlockConcurrency: { total: 0 } })).rejects.toThrow(
      /options.unlockConcurrency.total/,
    );
  });
});
