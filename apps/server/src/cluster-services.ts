import {
  createPgBossUserTasks,
  createPostgresListener,
  createPostgresNotificationBus,
  createPostgresSessionRegistry,
  ensureClusterSchema,
  type NotificationBus,
  type PgBossUserTasksOptions,
  type PostgresSessionRegistryOptions,
  type SessionRegistry,
  type UserTasks,
} from '@coffer/api';
import { createLedgerStore, type SharedLedgerStore } from '@coffer/db';
import type { TaskManager } from '@coffer/tasks';
import pg from 'pg';
import type { ServerLogger } from './logger.js';

/** Options of {@link createClusterServices}. */
export interface ClusterOptions {
  /** PostgreSQL connection string (`DATABASE_URL`). */
  readonly url: string;
  /** `COFFER_CLUSTER_SECRET`: the same on every instance, ≥ 32 characters. */
  readonly clusterSecret: string;
  /** Connections of the API's pool (sessions, tasks); the store has its own. @default 5 */
  readonly poolSize?: number;
  /** Lost-import detection, retries and polling of cluster imports (see `createPgBossUserTasks`). */
  readonly jobs?: Pick<
    PgBossUserTasksOptions,
    'concurrency' | 'lostAfterMs' | 'retryLimit' | 'pollingIntervalSeconds'
  >;
  /** How often sessions are written back and re-read (see `createPostgresSessionRegistry`). */
  readonly sessions?: Pick<PostgresSessionRegistryOptions, 'touchIntervalMs' | 'recheckMs'>;
}

/** The services a PostgreSQL-backed instance shares with the others, and their teardown. */
export interface ClusterServices {
  readonly store: SharedLedgerStore;
  readonly sessions: SessionRegistry;
  readonly notifications: NotificationBus;
  readonly userTasks: UserTasks;
  /** Stops the import workers (running imports go back to the queue for another instance). */
  stopTasks(): Promise<void>;
  /** Closes the listener, the API's pool and the store (after `sessions.close()`). */
  close(): Promise<void>;
}

/**
 * Builds the PostgreSQL store and, on the same database, the session registry, the notification
 * bus and the pg-boss task runner, over one pool and one `LISTEN` connection.
 */
export async function createClusterServices(
  options: ClusterOptions & {
    logger: ServerLogger;
    tasks: TaskManager;
    sessionTimes?: Pick<
      PostgresSessionRegistryOptions,
      'idleTimeoutMs' | 'absoluteTimeoutMs' | 'lockGraceMs' | 'now'
    >;
  },
): Promise<ClusterServices> {
  const { logger, url } = options;
  const onError = (error: unknown) => logger.error({ err: error }, 'cluster background error');
  const store = await createLedgerStore({ backend: { kind: 'postgres', url }, onError });
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 5,
    application_name: 'coffer-api',
  });
  pool.on('error', onError);
  const listener = createPostgresListener({ url, onError });
  try {
    await ensureClusterSchema(pool);
    await listener.connect();
    const sessions = await createPostgresSessionRegistry({
      pool,
      listener,
      store,
      ...options.sessionTimes,
      ...options.sessions,
      onError: (error) => logger.error({ err: error }, 'session background error'),
    });
    const notifications = await createPostgresNotificationBus({
      pool,
      listener,
      clusterSecret: options.clusterSecret,
      onError,
    });
    const userTasks = await createPgBossUserTasks({
      url,
      pool,
      listener,
      store,
      clusterSecret: options.clusterSecret,
      local: options.tasks,
      notifications,
      logger: logger.child({ component: 'cluster-tasks' }),
      ...options.jobs,
    });
    return {
      store,
      sessions,
      notifications,
      userTasks,
      stopTasks: () => userTasks.close(),
      async close() {
        notifications.close();
        await listener.close();
        await pool.end();
        await store.close();
      },
    };
  } catch (error) {
    await listener.close().catch(() => {});
    await pool.end().catch(() => {});
    await store.close();
    throw error;
  }
}
