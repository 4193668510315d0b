import { createLedgerStore, type SharedLedgerStore } from '@coffer/db';
import { postgresAnswers, type TestDatabase } from '@coffer/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresListener,
  createPostgresSessionRegistry,
  type PostgresSessionRegistryOptions,
  type SessionRegistry,
} from '../src/index.js';
import { createClusterDatabase } from './support/cluster-database.js';
import { waitFor } from './support/wait-for.js';

const ready = await postgresAnswers();

/** One "instance": its own store, pool, LISTEN connection and registry, on the shared database. */
async function instance(
  url: string,
  options: Partial<
    Pick<PostgresSessionRegistryOptions, 'touchIntervalMs' | 'recheckMs' | 'now' | 'idleTimeoutMs'>
  > = {},
) {
  const store = await createLedgerStore({ backend: { kind: 'postgres', url } });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const listener = createPostgresListener({ url });
  await listener.connect();
  const sessions = await createPostgresSessionRegistry({ pool, listener, store, lockGraceMs: 0, ...options });
  return {
    store,
    pool,
    sessions,
    async close() {
      await sessions.close();
      await listener.close();
      await pool.end();
      await store.close();
    },
  };
}

describe.runIf(ready)('createPostgresSessionRegistry', () => {
  let database: TestDatabase;
  let clock = Date.now();
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  let store: SharedLedgerStore;
  beforeAll(async () => {
    database = await createClusterDatabase();
    a = await instance(database.url, { touchIntervalMs: 60_000, now: () => clock });
    b = await instance(database.url, { touchIntervalMs: 60_000, now: () => clock });
    store = a.store;
    await store.createUser('alice', 'correct horse battery');
    await store.createUser('bruno', 'correct horse battery');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });
  const login = async (registry: SessionRegistry, name: string) =>
    registry.create(await store.unlock(name, 'correct horse battery'));

  it("serves a session created on one instance on another, with the user's own ledger", async () => {
    const { token, session } = await login(a.sessions, 'alice');
    const account = await session.ledger.accounts.create({ name: 'Cash', kind: 'asset', currency: 'EUR' });
    const onB = await b.sessions.authenticate(token);
    expect(onB).toMatchObject({ id: session.id, userId: session.userId, username: 'alice' });
    expect(await onB?.ledger.accounts.get(account.id)).toMatchObject({ name: 'Cash' });
    expect(await b.sessions.authenticate(`${token.slice(0, -1)}x`)).toBeNull();
  });

  it('keeps only the token hash and a sealed key in the row', async () => {
    const { token, session } = await login(a.sessions, 'alice');
    const { rows } = await a.pool.query('SELECT * FROM coffer_api.sessions WHERE id = $1', [session.id]);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends the session on every instance when one revokes it: signal aborted, token refused', async () => {
    const { token, session } = await login(a.sessions, 'bruno');
    const onB = await b.sessions.authenticate(token);
    expect(onB?.signal.aborted).toBe(false);
    expect(await a.sessions.revoke(session.id)).toBe(true);
    await waitFor(() => onB?.signal.aborted === true);
    expect(await b.sessions.authenticate(token)).toBeNull();
    expect(await a.sessions.authenticate(token)).toBeNull();
  });

  it('writes last_seen_at at most once per touch interval, and expires a session idle on every instance', async () => {
    const { token, session } = await login(a.sessions, 'alice');
    const lastSeen = async () =>
      Number(
        (await a.pool.query('SELECT last_seen_at FROM coffer_api.sessions WHERE id = $1', [session.id]))
          .rows[0]?.last_seen_at,
      );
    const created = await lastSeen();
    clock += 10_000;
    await a.sessions.authenticate(token);
    expect(await lastSeen()).toBe(created); // within the interval: no write
    clock += 60_000;
    await a.sessions.authenticate(token);
    expect(await lastSeen()).toBe(clock); // the interval passed: one write
    clock += 31 * 60_000 + 60_000; // idle past 30 min (+ the touch slack) everywhere
    expect(await a.sessions.sweep()).toBeGreaterThanOrEqual(1);
    expect(await b.sessions.authenticate(token)).toBeNull();
  });

  it('keeps the sessions when an instance closes: the others go on serving them', async () => {
    const c = await instance(database.url, { now: () => clock });
    const { token, session } = await login(c.sessions, 'bruno');
    await c.close();
    const onB = await b.sessions.authenticate(token);
    expect(onB?.id).toBe(session.id);
    expect(onB?.ledger.locked).toBe(false);
  });
});
