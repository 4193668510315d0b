import {
  type ApiConfig,
  createMaintenance,
  createMemoryNotificationBus,
  createMemorySessionRegistry,
  type Maintenance,
  type MaintenanceOptions,
  publishTaskOutcomes,
  type SessionRegistry,
} from '@coffer/api';
import { createLedgerStore, type LedgerStore, type SqliteStoreOptions } from '@coffer/db';
import { createTaskManager, type TaskManager } from '@coffer/tasks';
import { type ClusterOptions, type ClusterServices, createClusterServices } from './cluster-services.js';
import type { WebSocketLimits } from './live/websocket-limits.js';
import type { ServerLogger } from './logger.js';
import { type CofferServer, createCofferServer, type HttpAdapter } from './server.js';

/** Options of {@link composeServer}. */
export interface ComposeOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logger: ServerLogger;
  readonly version: string;
  /** The router's tunables. */
  readonly api?: ApiConfig;
  /** Store tunables (`backupsToKeep`, `pool`, …); `dataDir` and `onError` come from here. */
  readonly store?: Omit<SqliteStoreOptions, 'dataDir' | 'onError'>;
  /**
   * PostgreSQL instead of SQLite files: the store, sessions, notifications and import tasks live
   * in that database and are shared with every other instance on it. @default none (SQLite in `dataDir`)
   */
  readonly cluster?: ClusterOptions;
  /** Session expiry and ledger lock grace (`now`: a clock, for tests). */
  readonly sessions?: {
    idleTimeoutMs?: number;
    absoluteTimeoutMs?: number;
    lockGraceMs?: number;
    now?: () => number;
  };
  /**
   * Periodic maintenance: `false` schedules none, `true` the default intervals, an object its
   * intervals (see `createMaintenance`). @default true
   */
  readonly maintenance?: boolean | Omit<MaintenanceOptions, 'tasks' | 'sessions' | 'store'>;
  /** HTTP glue. @default 'lean' */
  readonly httpAdapter?: HttpAdapter;
  /** Browser origins allowed by CORS. @default [] */
  readonly corsOrigins?: readonly string[];
  /** How long `close()` lets connections finish. @default 5_000 */
  readonly shutdownGraceMs?: number;
  /** WebSocket limits (see `WebSocketLimits`). */
  readonly webSocket?: WebSocketLimits;
  /** The built web app served at `/`, or null for none. @default null */
  readonly webDir?: string | null;
}

/** Everything a running Coffer process owns, and its ordered teardown. */
export interface ComposedServer {
  readonly server: CofferServer;
  readonly store: LedgerStore;
  readonly tasks: TaskManager;
  readonly sessions: SessionRegistry;
  /**
   * Ordered stop: stop accepting → tell WebSocket clients to reconnect → `tasks.shutdown` (while
   * requests in flight finish) → lock every ledger → `store.close()`. Idempotent.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * The composition root: opens the store in `dataDir` (or on PostgreSQL with `cluster`), creates
 * the task manager, the session registry and the notification bus (PostgreSQL-backed with
 * `cluster`, plus pg-boss import tasks), schedules maintenance, and hands them to the server.
 */
export async function composeServer(options: ComposeOptions): Promise<ComposedServer> {
  const { logger } = options;
  const tasks = createTaskManager({
    concurrency: 4,
    concurrencyPerOwner: 2,
    logger: logger.child({ component: 'tasks' }),
  });
  const cluster: ClusterServices | null = options.cluster
    ? await createClusterServices({
        ...options.cluster,
        logger,
        tasks,
        ...(options.sessions ? { sessionTimes: options.sessions } : {}),
      })
    : null;
  const store: LedgerStore =
    cluster?.store ??
    (await createLedgerStore({
      ...options.store,
      dataDir: options.dataDir,
      onError: (error) => logger.error({ err: error }, 'ledger store background error'),
    }));
  const sessions =
    cluster?.sessions ??
    createMemorySessionRegistry({
      store,
      ...options.sessions,
      onError: (error) => logger.error({ err: error }, 'locking a ledger failed'),
    });
  const notifications = cluster?.notifications ?? createMemoryNotificationBus();
  const unpublish = publishTaskOutcomes(tasks, notifications);
  const maintenance: Maintenance | null =
    options.maintenance === false
      ? null
      : createMaintenance({
          ...(typeof options.maintenance === 'object' ? options.maintenance : {}),
          ...(cluster ? { fileJobs: false } : {}),
          tasks,
          sessions,
          store,
        });
  const server = createCofferServer({
    port: options.port,
    host: options.host,
    logger,
    version: options.version,
    store,
    tasks,
    ...(cluster ? { userTasks: cluster.userTasks } : {}),
    sessions,
    notifications,
    ...(options.api ? { api: options.api } : {}),
    ...(options.httpAdapter ? { httpAdapter: options.httpAdapter } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    ...(options.shutdownGraceMs !== undefined ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
    ...(options.webDir ? { webDir: options.webDir } : {}),
  });

  let closing: Promise<void> | undefined;
  const close = async (deadlineMs: number) => {
    const step = async (name: string, work: () => Promise<unknown> | unknown) => {
      const started = Date.now();
      await work();
      logger.info({ step: name, ms: Date.now() - started }, 'shutdown step done');
    };
    await step('stop accepting', () => server.stopAccepting());
    maintenance?.stop();
    // WebSocket clients were told to reconnect; requests in flight finish while tasks wind down.
    await Promise.all([
      step('connections', () => server.close()),
      step('tasks', async () => {
        const report = await tasks.shutdown({ deadlineMs });
        if (report.timedOut.length > 0)
          logger.warn({ timedOut: report.timedOut.length }, 'tasks ignored shutdown');
      }),
      cluster && step('cluster tasks', () => cluster.stopTasks()),
    ]);
    unpublish();
    await step('lock ledgers', () => sessions.close());
    await step('store', () => (cluster ? cluster.close() : store.close()));
  };
  return {
    server,
    store,
    tasks,
    sessions,
    close: (closeOptions = {}) => {
      closing ??= close(closeOptions.deadlineMs ?? 3_000);
      return closing;
    },
  };
}
