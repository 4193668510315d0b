import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLedgerStore,
  isSharedLedgerStore,
  SealedKeyInvalidError,
  type SharedLedgerStore,
  UnknownUserError,
} from '../src/index.js';
import { USER_TABLES } from '../src/postgres-only/pg-schema.js';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../src/testing/index.js';
import { take } from '../test/support/take.js';

const PASSWORD = 'correct horse battery staple';

describe.runIf(await postgresAnswers())('two store instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: SharedLedgerStore;
  let b: SharedLedgerStore;
  const backgroundErrors: unknown[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // Started together: both migrate; Kysely's advisory lock lets one do it.
    const open = () =>
      createLedgerStore({
        backend: { kind: 'postgres', url: database.url, poolSize: 3 },
        onError: (error) => backgroundErrors.push(error),
      });
    [a, b] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('opens a ledger on the other instance from a key sealed under a session secret', async () => {
    expect(isSharedLedgerStore(a)).toBe(true);
    const onA = await a.createUser('sealer', PASSWORD);
    const account = await onA.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const token = randomBytes(32);
    const sealed = await a.sealLedgerKey(onA, token);
    expect(sealed).toHaveLength(61);
    const onB = await b.openSealedLedger(onA.user.id, sealed, token);
    expect(onB.user.username).toBe('sealer');
    expect((await onB.accounts.get(account.id)).name).toBe('Cash');

    await expect(b.openSealedLedger(onA.user.id, sealed, randomBytes(32))).rejects.toBeInstanceOf(
      SealedKeyInvalidError,
    );
    const other = await a.createUser('someone-else', PASSWORD);
    await expect(b.openSealedLedger(other.user.id, sealed, token)).rejects.toBeInstanceOf(
      SealedKeyInvalidError,
    );
    const damaged = Uint8Array.from(sealed);
    damaged[20] = (damaged[20] ?? 0) ^ 1;
    await expect(b.openSealedLedger(onA.user.id, damaged, token)).rejects.toBeInstanceOf(
      SealedKeyInvalidError,
    );

    // A password change re-wraps the data key only: sealed session keys stay valid.
    await a.changePassword(onA, PASSWORD, 'another long passphrase');
    await b.lock(onB);
    const again = await b.openSealedLedger(onA.user.id, sealed, token);
    expect((await again.accounts.list()).map((x) => x.name)).toEqual(['Cash']);

    await a.deleteUser(onA);
    await b.lock(again);
    await expect(b.openSealedLedger(onA.user.id, sealed, token)).rejects.toBeInstanceOf(UnknownUserError);
  });

  it('streams changes written through the other instance with no gap and no duplicate, resumable on either', async () => {
    const writer = await a.createUser('writer', PASSWORD);
    const token = randomBytes(32);
    const reader = await b.openSealedLedger(writer.user.id, await a.sealLedgerKey(writer, token), token);
    const account = await writer.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const start = await reader.changes.latestSeq();
    expect(start).toBe(await writer.changes.latestSeq());

    const controller = new AbortController();
    const events = reader.changes.events({ after: start, signal: controller.signal });
    const heard: number[] = [];
    const off = reader.onChange((changes) => heard.push(...changes.map((c) => c.seq)));
    const first = take(events, 60);
    // Concurrent writers on instance A: single entries and a bulk insert interleave.
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        writer.entries.create({ accountId: account.id, date: '2025-01-01', amount: i + 1 }),
      ),
      writer.entries.createMany(
        Array.from({ length: 40 }, (_, i) => ({
          accountId: account.id,
          date: '2025-01-02',
          amount: 100 + i,
        })),
      ),
    ]);
    const seen = await first;
    expect(seen.map((c) => c.seq)).toEqual(Array.from({ length: 60 }, (_, i) => start + 1 + i));
    // A listener gets what commits after the ledger opened here (the account too): compare the tail.
    await expect.poll(() => heard.filter((seq) => seq > start).length).toBe(60);
    expect(heard.filter((seq) => seq > start)).toEqual(seen.map((c) => c.seq));
    expect(new Set(heard).size).toBe(heard.length);
    controller.abort();
    off();

    // Resume from the middle on instance A itself.
    const resumed = await take(writer.changes.events({ after: start + 30 }), 30);
    expect(resumed.map((c) => c.seq)).toEqual(seen.slice(30).map((c) => c.seq));
  });

  it('keeps the LISTEN connection alive across a killed backend (re-reads what it missed)', async () => {
    const writer = await a.createUser('reconnect', PASSWORD);
    const token = randomBytes(32);
    const reader = await b.openSealedLedger(writer.user.id, await a.sealLedgerKey(writer, token), token);
    const account = await writer.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const start = await reader.changes.latestSeq();
    const heard: number[] = [];
    reader.onChange((changes) => heard.push(...changes.map((c) => c.seq)));
    // Kill every listening backend of the database (both instances' LISTEN clients).
    await database.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
    );
    await writer.entries.create({ accountId: account.id, date: '2025-01-01', amount: 1 });
    await expect.poll(() => heard.filter((seq) => seq > start), { timeout: 10_000 }).toEqual([start + 1]);
    expect(backgroundErrors.some((error) => String(error).includes('terminating connection'))).toBe(true);
  });

  it("row-level security hides every row when no user is set, and other users' rows when one is", async () => {
    const alice = await a.createUser('rls-alice', PASSWORD);
    await alice.accounts.create({ name: 'Secret', kind: 'asset', currency: 'EUR' });
    const bob = await a.createUser('rls-bob', PASSWORD);
    await bob.accounts.create({ name: 'Mine', kind: 'asset', currency: 'EUR' });
    // As the store's connections run: the ledger role, `coffer.user_id` set per transaction.
    const counts = async (userId: string | null) => {
      await database.query('BEGIN');
      try {
        await database.query('SET LOCAL ROLE coffer_ledger');
        if (userId !== null) await database.query("SELECT set_config('coffer.user_id', $1, true)", [userId]);
        return await database.query<{ n: string }>('SELECT count(*)::text AS n FROM accounts');
      } finally {
        await database.query('COMMIT');
      }
    };
    const guarded = await database.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relkind = 'r' AND relrowsecurity AND relforcerowsecurity
         AND relnamespace = current_schema()::regnamespace ORDER BY relname`,
    );
    expect(guarded.map((r) => r.relname)).toEqual([...USER_TABLES].sort());
    const total = await database.query<{ n: string }>('SELECT count(*)::text AS n FROM accounts');
    expect(Number(total[0]?.n)).toBeGreaterThanOrEqual(2);
    expect(await counts(null)).toEqual([{ n: '0' }]);
    expect(await counts(bob.user.id)).toEqual([{ n: '1' }]);
  });
});
