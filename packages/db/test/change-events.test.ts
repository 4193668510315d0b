import { afterEach, describe, expect, it } from 'vitest';
import { type ChangeEntry, ChangeLogPrunedError, type UserLedger } from '../src/index.js';
import { createTempStore, PASSWORD, type TempStore } from './support/temp-store.js';

let temp: TempStore;
afterEach(async () => {
  await temp?.dispose();
});

async function setup(): Promise<{ ledger: UserLedger; accountId: number }> {
  temp = await createTempStore();
  const ledger = await temp.store.createUser('alice', PASSWORD);
  const account = await ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
  return { ledger, accountId: account.id };
}

/** Pulls `count` entries from the iterator, then aborts it. */
async function take(iterator: AsyncIterator<ChangeEntry>, count: number): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    seqs.push(next.value.seq);
  }
  return seqs;
}

describe('changes.events', () => {
  it('reads the log once for streams resuming together from the same seq, and shares the entries', async () => {
    const { ledger, accountId } = await setup();
    await ledger.entries.createMany([
      { accountId, date: '2025-01-01', amount: 1 },
      { accountId, date: '2025-01-02', amount: 2 },
    ]);
    const streams = [1, 2, 3].map(() => ledger.changes.events({ after: 1 }));
    const firsts = await Promise.all(streams.map((stream) => stream.next()));
    await Promise.all(streams.map((stream) => stream.return()));
    expect(firsts[0]?.value?.seq).toBe(2);
    expect(firsts[1]?.value).toBe(firsts[0]?.value);
    expect(firsts[2]?.value).toBe(firsts[0]?.value);
    // Reads made one after the other are not shared: each caller owns what `readAfter` returns.
    const [again] = await ledger.changes.readAfter(1, 1);
    expect(again).toEqual(firsts[0]?.value);
    expect(again).not.toBe(firsts[0]?.value);
  });

  it('replays the log after `after`, then yields live changes, each seq once and in order', async () => {
    const { ledger, accountId } = await setup();
    await ledger.entries.createMany([
      { accountId, date: '2025-01-01', amount: 1 },
      { accountId, date: '2025-01-02', amount: 2 },
    ]);
    const latest = await ledger.changes.latestSeq();
    const controller = new AbortController();
    const events = ledger.changes.events({ after: 1, signal: controller.signal });
    const replayed = await take(events, latest - 1);
    // Writes racing the iterator: some land during replay, some after it went live.
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger.entries.create({ accountId, date: '2025-02-01', amount: i }),
      ),
    );
    const live = await take(events, 20);
    await writes;
    controller.abort();
    expect(await events.next()).toEqual({ done: true, value: undefined });
    const all = [...replayed, ...live];
    expect(all).toEqual(Array.from({ length: latest + 20 - 1 }, (_, i) => i + 2));
  });

  it('starts after the latest seq when no `after` is given', async () => {
    const { ledger, accountId } = await setup();
    const latest = await ledger.changes.latestSeq();
    const events = ledger.changes.events();
    const first = events.next();
    await ledger.entries.create({ accountId, date: '2025-01-01', amount: 1 });
    expect((await first).value?.seq).toBe(latest + 1);
    await events.return();
  });

  it('catches up from the log when a slow consumer overflows its buffer, losing nothing', async () => {
    const { ledger, accountId } = await setup();
    const start = await ledger.changes.latestSeq();
    const events = ledger.changes.events({ after: start, maxBuffered: 2 });
    const pending = events.next(); // subscribes; then fall behind
    await ledger.entries.create({ accountId, date: '2025-01-01', amount: 0 });
    const first = await pending;
    for (let i = 0; i < 10; i += 1) await ledger.entries.create({ accountId, date: '2025-01-01', amount: i });
    const rest = await take(events, 10);
    expect([first.value?.seq, ...rest]).toEqual(Array.from({ length: 11 }, (_, i) => start + 1 + i));
    await events.return();
  });

  it('throws ChangeLogPrunedError for an `after` below the floor', async () => {
    const { ledger } = await setup();
    const events = ledger.changes.events({ after: -1 });
    await expect(events.next()).rejects.toThrow();
    const restored = await (async () => {
      const backup = await temp.store.backup(ledger);
      return temp.store.restoreBackup(ledger, backup.id, PASSWORD);
    })();
    const stale = restored.changes.events({ after: 0 });
    await expect(stale.next()).rejects.toBeInstanceOf(ChangeLogPrunedError);
  });
});
