import { randomUUID } from 'node:crypto';
import type { SharedLedgerStore, UserLedger } from '@coffer/db';
import { TaskError, type TaskEvent, TaskEventsOverflowError, type TaskManager } from '@coffer/tasks';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { listenerIterator } from '../notifications/listener-iterator.js';
import type { NotificationBus } from '../notifications/notification-bus.js';
import type { ApiLogger } from '../services.js';
import { importKey } from '../tasks/import-key.js';
import { IMPORT_TASK_NAME, type ImportInput, runImport } from '../tasks/import-run.js';
import { createLocalUserTasks } from '../tasks/local-user-tasks.js';
import type { UserTasks } from '../tasks/user-tasks.js';
import { createClusterSecretBox } from './cluster-secret-box.js';
import { startJobWorkers } from './job-workers.js';
import type { PostgresListener } from './postgres-listener.js';
import { createProgressWriter } from './progress-writer.js';
import { TaskEventsChannel } from './task-events-channel.js';
import { type StoredTask, type TaskOutcome, TaskTable } from './task-table.js';

/** Options of {@link createPgBossUserTasks}. */
export interface PgBossUserTasksOptions {
  /** Connection string (pg-boss opens its own small pool). */
  readonly url: string;
  readonly pool: Pool;
  /** The process's shared `LISTEN` connection (connected). */
  readonly listener: PostgresListener;
  /** Seals the user's data key for the job and opens it on the instance that runs it. */
  readonly store: Pick<SharedLedgerStore, 'sealLedgerKey' | 'openSealedLedger' | 'lock'>;
  /** Seals job payloads and results (`COFFER_CLUSTER_SECRET`): the same on every instance, ≥ 32 characters. */
  readonly clusterSecret: string;
  /** This process's task manager: its own tasks (password changes) are listed beside the cluster's. */
  readonly local: TaskManager;
  /** Task outcomes are published here (reaching the owner's sessions on every instance). */
  readonly notifications: NotificationBus;
  readonly logger: ApiLogger;
  /** Imports this instance runs at once (`0`: it queues imports but runs none). @default 2 */
  readonly concurrency?: number;
  /**
   * A running import whose heartbeat (renewed every third of this) is older than this is taken for
   * lost (its instance died) and retried on another instance. @default 15_000
   */
  readonly lostAfterMs?: number;
  /** Retries of a lost import before it is marked failed. @default 2 */
  readonly retryLimit?: number;
  /** How often idle workers look for jobs. @default 1 */
  readonly pollingIntervalSeconds?: number;
  /** Finished tasks stay readable this long. @default 3_600_000 */
  readonly retainMs?: number;
}

/** The pg-boss queue of imports, and the queue its exhausted jobs move to. */
const QUEUE = 'coffer-import';
const DEAD_QUEUE = 'coffer-import-lost';
/** The `NOTIFY` channel of cancellations of running tasks (`{ id }`). */
const CANCEL_CHANNEL = 'coffer_task_cancel';
/** The `NOTIFY` channel that wakes idle workers when an import is queued. */
const JOBS_CHANNEL = 'coffer_task_jobs';
const SHUTDOWN = Symbol('shutdown');
const SUPERSEDED = Symbol('superseded');
/**
 * pg-boss's own expiry, a backstop for a job whose instance died before its task row said it was
 * running; lost imports are otherwise found by their heartbeat, long before.
 */
const JOB_EXPIRE_SECONDS = 3_600;

interface SealedPayload {
  /** The data key sealed under the cluster secret, base64. */
  sealedKey: string;
  input: ImportInput;
}

/**
 * {@link UserTasks} for a cluster: an import becomes a row in `coffer_api.tasks` plus a pg-boss job
 * carrying only its id; whichever instance takes the job opens the user's data key (sealed with
 * the cluster secret in the row) and runs it. State changes are written to the row and `NOTIFY`d,
 * so `tasks.get/list/cancel/onUpdate` answer the same on every instance. The running instance
 * renews a heartbeat; an import whose heartbeat is older than `lostAfterMs` (its instance died) is
 * retried elsewhere (imports are idempotent by row fingerprint); after `retryLimit` retries it is
 * marked failed. Never silently lost. This process's own tasks
 * (`auth.changePassword`, which needs the password in memory) stay on it and are listed beside.
 *
 * @example
 * ```ts
 * const userTasks = await createPgBossUserTasks({ url, pool, listener, store, clusterSecret, local, notifications, logger });
 * await userTasks.close();
 * ```
 */
export async function createPgBossUserTasks(
  options: PgBossUserTasksOptions,
): Promise<UserTasks & { close(): Promise<void> }> {
  const { pool, listener, store, logger, notifications } = options;
  const box = createClusterSecretBox(options.clusterSecret);
  const secretBytes = Buffer.from(options.clusterSecret);
  const table = new TaskTable(pool, box);
  const channel = new TaskEventsChannel(listener);
  const local = createLocalUserTasks(options.local);
  const retainMs = options.retainMs ?? 3_600_000;
  const running = new Map<string, AbortController>();
  const onError = (error: unknown) => logger.error({ err: error }, 'cluster task background error');

  const lostAfterMs = options.lostAfterMs ?? 15_000;
  const heartbeatMs = Math.max(100, Math.floor(lostAfterMs / 3));
  const boss = new PgBoss({ connectionString: options.url, max: 3, application_name: 'coffer-tasks' });
  boss.on('error', onError);
  await boss.start();
  const queue = {
    name: QUEUE,
    retryLimit: options.retryLimit ?? 2,
    retryDelay: 0,
    expireInSeconds: JOB_EXPIRE_SECONDS,
    deadLetter: DEAD_QUEUE,
  };
  await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE });
  await boss.createQueue(QUEUE, queue);
  await boss.updateQueue(QUEUE, queue); // an existing queue keeps its first options otherwise

  await channel.listen(async (id) => (await table.get(id))?.snapshot, onError);
  const offCancel = await listener.on(CANCEL_CHANNEL, (payload) => {
    const id = (payload as { id?: unknown }).id;
    if (typeof id === 'string') running.get(id)?.abort();
  });

  const announce = async (stored: StoredTask | undefined, type: TaskEvent['type']) => {
    if (stored) await channel.announce(type, stored.snapshot);
    return stored;
  };
  const end = async (id: string, outcome: TaskOutcome, attempt?: number) => {
    const stored = await announce(await table.finish(id, outcome, Date.now(), attempt), outcome.status);
    const snapshot = stored?.snapshot;
    if (!snapshot?.owner) return;
    notifications.publish(snapshot.owner, {
      kind: 'task',
      at: Date.now(),
      task: { id, name: snapshot.name, status: outcome.status, error: snapshot.error ?? null },
    });
  };

  /** Runs one attempt; says what to tell pg-boss: done, retry elsewhere, or nothing (superseded). */
  const run = async (id: string): Promise<'complete' | 'retry' | 'leave'> => {
    const started = await announce(await table.start(id, Date.now()), 'started');
    const owner = started?.snapshot.owner;
    if (started?.payload == null || owner == null) return 'complete'; // cancelled or ended meanwhile
    const attempt = started.attempts;
    const controller = new AbortController();
    running.set(id, controller);
    logger.info({ taskId: id, attempt }, 'cluster task started');
    // A newer attempt (this instance was taken for dead) supersedes this one: stop, write nothing.
    const heartbeat = setInterval(() => {
      table
        .heartbeat(id, attempt)
        .then((current) => {
          if (!current) controller.abort(SUPERSEDED);
        })
        .catch(onError);
    }, heartbeatMs);
    const progress = createProgressWriter(async (p) => {
      await announce(await table.progress(id, attempt, p), 'progress');
    }, onError);
    let ledger: UserLedger | undefined;
    try {
      const payload = JSON.parse(box.open(started.payload, id)) as SealedPayload;
      ledger = await store.openSealedLedger(owner, Buffer.from(payload.sealedKey, 'base64'), secretBytes);
      const result = await runImport(ledger, payload.input, {
        signal: controller.signal,
        progress: progress.push,
      });
      await progress.flush();
      await end(id, { status: 'succeeded', result }, attempt);
      return 'complete';
    } catch (error) {
      await progress.flush();
      const reason: unknown = controller.signal.reason;
      if (reason === SUPERSEDED) return 'leave'; // the job is the newer attempt's now
      if (reason === SHUTDOWN) {
        await announce(await table.requeue(id, attempt, 'waiting for another instance'), 'queued');
        return 'retry';
      }
      if (controller.signal.aborted) await end(id, { status: 'cancelled' }, attempt);
      else if (error instanceof TaskError) {
        await end(id, { status: 'failed', error: { code: error.code, message: error.message } }, attempt);
      } else {
        logger.error({ err: error, taskId: id }, 'cluster task failed with an internal error');
        const message = `Task ${id} failed with an internal error`;
        await end(id, { status: 'failed', error: { code: 'COFFER_TASK_INTERNAL', message } }, attempt);
      }
      return 'complete';
    } finally {
      clearInterval(heartbeat);
      running.delete(id);
      if (ledger) await store.lock(ledger).catch(onError);
    }
  };

  const workers = await startJobWorkers<{ taskId: string }>({
    boss,
    queue: QUEUE,
    listener,
    wakeChannel: JOBS_CHANNEL,
    concurrency: options.concurrency ?? 2,
    pollMs: (options.pollingIntervalSeconds ?? 1) * 1000,
    run: (job) => run(job.taskId),
    onError,
  });
  await boss.work<{ taskId: string }>(DEAD_QUEUE, async ([job]) => {
    if (!job) return;
    await end(job.data.taskId, {
      status: 'failed',
      error: {
        code: 'COFFER_TASK_FAILED',
        message:
          'The import was interrupted by stopping servers too often; the rows it committed are kept and importing the file again adds the rest',
      },
    });
  });

  // Every instance looks for imports whose instance died (no heartbeat for `lostAfterMs`); the
  // UPDATE hands each to one of them, which fails the pg-boss job: pg-boss retries it (any
  // instance takes it) or, out of retries, moves it to the dead-letter queue (marked failed).
  const reaper = setInterval(() => {
    table
      .requeueStale(lostAfterMs, 'retrying: the instance running it stopped')
      .then(async (lost) => {
        for (const stored of lost) {
          logger.warn(
            { taskId: stored.snapshot.id, attempt: stored.attempts },
            'cluster task lost, retrying',
          );
          await announce(stored, 'queued');
          await boss.fail(QUEUE, stored.snapshot.id, { message: 'instance lost' });
        }
      })
      .catch(onError);
  }, heartbeatMs);
  reaper.unref();

  return {
    async startImport(ledger, input) {
      const id = randomUUID();
      const owner = ledger.user.id;
      const sealedKey = Buffer.from(await store.sealLedgerKey(ledger, secretBytes)).toString('base64');
      const payload = box.seal(JSON.stringify({ sealedKey, input } satisfies SealedPayload), id);
      const at = Date.now();
      await table.prune(at - retainMs);
      const joined = await table.insertOrJoin({
        id,
        owner,
        name: IMPORT_TASK_NAME,
        key: importKey(input),
        payload,
        at,
      });
      if (!joined.created) return joined.id;
      await announce(await table.get(id), 'queued');
      await boss.send(QUEUE, { taskId: id }, { id });
      await listener.notify(JOBS_CHANNEL, {});
      return id;
    },
    async get(owner, id) {
      return (
        (await local.get(owner, id)) ?? (isUuid(id) ? (await table.get(id, owner))?.snapshot : undefined)
      );
    },
    async list(owner, status) {
      const all = [...(await local.list(owner, status)), ...(await table.list(owner, status))];
      return all.sort((a, b) => a.createdAt - b.createdAt);
    },
    async cancel(owner, id) {
      if (await local.get(owner, id)) return local.cancel(owner, id);
      if (!isUuid(id)) return false;
      const queued = await table.cancelQueued(id, owner, Date.now());
      if (queued) {
        await announce(queued, 'cancelled');
        await boss.cancel(QUEUE, id);
        return true;
      }
      const stored = await table.get(id, owner);
      if (stored?.snapshot.status !== 'running') return false;
      await listener.notify(CANCEL_CHANNEL, { id });
      return true;
    },
    events({ owner, signal, maxBuffered }) {
      return listenerIterator<TaskEvent>({
        subscribe: (push) => {
          const offLocal = options.local.subscribe((event) => {
            if (event.task.owner === owner) push(event);
          });
          const offCluster = channel.subscribe(owner, push);
          return () => {
            offLocal();
            offCluster();
          };
        },
        signal,
        maxBuffered,
        onOverflow: () =>
          new TaskEventsOverflowError(`More than ${maxBuffered} task events waited for this subscriber`),
      });
    },
    async close() {
      clearInterval(reaper);
      offCancel();
      channel.close();
      const stopped = workers.stop();
      for (const controller of running.values()) controller.abort(SHUTDOWN);
      await stopped;
      await boss.stop({ graceful: true, timeout: 3_000, wait: true });
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(id: string): boolean {
  return UUID.test(id);
}
