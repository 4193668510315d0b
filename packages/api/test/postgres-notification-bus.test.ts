import { createTestDatabase, postgresAnswers, type TestDatabase } from '@coffer/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresListener,
  createPostgresNotificationBus,
  type Notification,
  type NotificationBus,
  type PostgresListener,
} from '../src/index.js';
import { createClusterDatabase } from './support/cluster-database.js';
import { waitFor } from './support/wait-for.js';

const ready = await postgresAnswers();
const clusterSecret = 'test-cluster-secret-0123456789abcdef';

/** One "instance": its own pool, LISTEN connection and bus, on the shared database. */
async function instance(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const listener = createPostgresListener({ url });
  await listener.connect();
  const bus = await createPostgresNotificationBus({ pool, listener, clusterSecret });
  return {
    bus,
    async close() {
      bus.close();
      await listener.close();
      await pool.end();
    },
  };
}

function received(bus: NotificationBus, userId: string) {
  const got: Notification[] = [];
  const off = bus.subscribe(userId, (n) => got.push(n));
  return { got, off };
}

describe.runIf(ready)('createPostgresNotificationBus', () => {
  let database: TestDatabase;
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  beforeAll(async () => {
    database = await createClusterDatabase();
    a = await instance(database.url);
    b = await instance(database.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it("delivers a notification published on one instance to the user's subscribers on every instance, and only theirs", async () => {
    const onA = received(a.bus, 'u1');
    const onB = received(b.bus, 'u1');
    const other = received(b.bus, 'u2');
    const note: Notification = { kind: 'notice', at: 1, level: 'info', message: 'hello' };
    a.bus.publish('u1', note);
    await waitFor(() => onA.got.length === 1 && onB.got.length === 1);
    expect(onB.got).toEqual([note]);
    expect(other.got).toEqual([]);
    for (const r of [onA, onB, other]) r.off();
  });

  it('sends a notification over the 8000-byte NOTIFY limit through the table, intact', async () => {
    const onB = received(b.bus, 'u3');
    const message = 'x'.repeat(20_000);
    a.bus.publish('u3', { kind: 'notice', at: 2, level: 'warning', message });
    await waitFor(() => onB.got.length === 1);
    expect(onB.got[0]).toMatchObject({ kind: 'notice', message });
    onB.off();
  });

  it('never puts a notification in clear on the channel or in the table (sealed under the cluster secret)', async () => {
    const marker = 'PLAINTEXT-MARKER-7f3a';
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    const onWire: string[] = [];
    raw.on('notification', (message) => onWire.push(message.payload ?? ''));
    await raw.query('LISTEN coffer_notifications');
    const onB = received(b.bus, 'u5');
    a.bus.publish('u5', { kind: 'notice', at: 5, level: 'info', message: marker });
    a.bus.publish('u5', { kind: 'notice', at: 6, level: 'info', message: marker.repeat(1_000) });
    await waitFor(() => onB.got.length === 2 && onWire.length === 2);
    expect(onB.got.map((n) => n.kind === 'notice' && n.message.slice(0, marker.length))).toEqual([
      marker,
      marker,
    ]);
    const { rows } = await raw.query<{ body: string }>('SELECT body FROM coffer_api.notifications');
    await raw.end();
    expect(rows.length).toBeGreaterThan(0);
    for (const text of [...onWire, ...rows.map((r) => r.body)]) expect(text).not.toContain(marker);
    onB.off();
  });

  it('keeps a broadcast (a server notice) on the instance that sends it', async () => {
    const onA = received(a.bus, 'u4');
    const onB = received(b.bus, 'u4');
    b.bus.broadcast({ kind: 'notice', at: 3, level: 'warning', message: 'restarting' });
    a.bus.publish('u4', { kind: 'notice', at: 4, level: 'info', message: 'after' });
    await waitFor(() => onA.got.length === 1 && onB.got.length === 2);
    expect(onA.got.map((n) => n.kind === 'notice' && n.message)).toEqual(['after']);
    expect(onB.got.map((n) => n.kind === 'notice' && n.message)).toEqual(['restarting', 'after']);
    onA.off();
    onB.off();
  });
});

describe.runIf(ready)('createPostgresListener', () => {
  it('listens again after its connection is cut, and tells onReconnect', async () => {
    const database = await createTestDatabase();
    const listener: PostgresListener = createPostgresListener({ url: database.url });
    try {
      await listener.connect();
      const got: unknown[] = [];
      await listener.on('probe', (payload) => got.push(payload));
      let reconnects = 0;
      listener.onReconnect(() => {
        reconnects += 1;
      });
      await database.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'coffer-listen' AND datname = current_database()",
      );
      await waitFor(() => reconnects === 1, 10_000);
      await database.query(`SELECT pg_notify('probe', '{"n":1}')`);
      await waitFor(() => got.length === 1);
      expect(got).toEqual([{ n: 1 }]);
    } finally {
      await listener.close();
      await database.drop();
    }
  });
});
