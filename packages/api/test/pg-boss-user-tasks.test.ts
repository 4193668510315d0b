import { createLedgerStore, type UserLedger } from '@coffer/db';
import { postgresAnswers, type TestDatabase } from '@coffer/db/testing';
import { createTaskManager, type TaskEvent } from '@coffer/tasks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgBossUserTasks,
  createPostgresListener,
  createPostgresNotificationBus,
  type Notification,
} from '../src/index.js';
import { createClusterDatabase } from './support/cluster-database.js';

const ready = await postgresAnswers();
const clusterSecret = 'test-cluster-secret-0123456789abcdef';
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** One "instance": store, pool, LISTEN connection, bus and pg-boss tasks (`concurrency` workers). */
async function instance(url: string, concurrency: number) {
  const store = await createLedgerStore({ backend: { kind: 'postgres', url } });
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  const listener = createPostgresListener({ url });
  await listener.connect();
  const notifications = await createPostgresNotificationBus({ pool, listener, clusterSecret });
  const local = createTaskManager();
  const tasks = await createPgBossUserTasks({
    url,
    pool,
    listener,
    store,
    clusterSecret,
    local,
    notifications,
    logger: silent,
    concurrency,
    pollingIntervalSeconds: 0.5,
  });
  return {
    store,
    tasks,
    notifications,
    async close() {
      await tasks.close();
      await local.shutdown();
      notifications.close();
      await listener.close();
      await pool.end();
      await store.close();
    },
  };
}

function csv(rows: number): string {
  const lines = ['date,amount,payee'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`2025-01-${String((i % 28) + 1).padStart(2, '0')},-${i + 1}.00,Shop ${i}`);
  return `${lines.join('\n')}\n`;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.runIf(ready)('createPgBossUserTasks', () => {
  let database: TestDatabase;
  let front: Awaited<ReturnType<typeof instance>>;
  let worker: Awaited<ReturnType<typeof instance>> | undefined;
  let ledger: UserLedger;
  let accountId: number;
  beforeAll(async () => {
    database = await createClusterDatabase();
    front = await instance(database.url, 0); // takes no imports itself
    ledger = await front.store.createUser('carla', 'correct horse battery');
    accountId = (await ledger.accounts.create({ name: 'Bank', kind: 'asset', currency: 'EUR' })).id;
  });
  afterAll(async () => {
    await worker?.close();
    await front?.close();
    await database?.drop();
  });
  const owner = () => ledger.user.id;

  it('keeps an import queued while no instance works, joins the same upload, and cancels it', async () => {
    const input = { accountId, sourceName: 'a.csv', csv: csv(10) };
    const id = await front.tasks.startImport(ledger, input);
    expect(await front.tasks.startImport(ledger, input)).toBe(id); // joined
    expect(await front.tasks.get(owner(), id)).toMatchObject({ status: 'queued', name: 'entries.import' });
    expect(await front.tasks.get('someone-else', id)).toBeUndefined();
    expect(await front.tasks.cancel(owner(), id)).toBe(true);
    expect(await front.tasks.get(owner(), id)).toMatchObject({ status: 'cancelled' });
    expect(await front.tasks.cancel(owner(), id)).toBe(false);
  });

  it('runs an import started on one instance on another, with events, outcome and result on both', async () => {
    worker = await instance(database.url, 2);
    const events: TaskEvent[] = [];
    const controller = new AbortController();
    const following = (async () => {
      for await (const event of front.tasks.events({
        owner: owner(),
        signal: controller.signal,
        maxBuffered: 1000,
      })) {
        events.push(event);
      }
    })();
    const notes: Notification[] = [];
    const off = front.notifications.subscribe(owner(), (n) => notes.push(n));
    const id = await front.tasks.startImport(ledger, { accountId, sourceName: 'b.csv', csv: csv(3_000) });
    const done = await until(async () => {
      const task = await worker?.tasks.get(owner(), id);
      return task?.status === 'succeeded' || task?.status === 'failed' ? task : undefined;
    });
    expect(done).toMatchObject({ status: 'succeeded', result: { rows: 3_000, added: 3_000 } });
    await until(async () =>
      events.some((e) => e.task.id === id && e.type === 'succeeded') ? true : undefined,
    );
    const types = events.filter((e) => e.task.id === id).map((e) => e.type);
    expect(types[0]).toBe('queued');
    expect(types).toContain('started');
    expect(types.at(-1)).toBe('succeeded');
    await until(async () => (notes.length > 0 ? true : undefined));
    expect(notes[0]).toMatchObject({ kind: 'task', task: { id, status: 'succeeded' } });
    expect((await front.tasks.list(owner())).map((t) => t.id)).toContain(id);
    controller.abort();
    await following;
    off();
  });

  it('cancels a running import from another instance', async () => {
    const id = await front.tasks.startImport(ledger, { accountId, sourceName: 'c.csv', csv: csv(40_000) });
    await until(async () => ((await front.tasks.get(owner(), id))?.status === 'running' ? true : undefined));
    expect(await front.tasks.cancel(owner(), id)).toBe(true);
    const final = await until(async () => {
      const task = await front.tasks.get(owner(), id);
      return task?.status === 'running' ? undefined : task;
    });
    expect(final).toMatchObject({ status: 'cancelled' });
  });
});
