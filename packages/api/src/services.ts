import type { LedgerStore } from '@coffer/db';
import type { TaskManager } from '@coffer/tasks';
import type { ResolvedApiConfig } from './api-config.js';
import type { NotificationBus } from './notifications/notification-bus.js';
import type { SessionRegistry } from './sessions/session-registry.js';
import type { UserTasks } from './tasks/user-tasks.js';

/** The structural logger the API writes to (a pino logger fits). */
export interface ApiLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Long-lived services every procedure can reach; the server composes them once at start-up. */
export interface ApiServices {
  /** The server's version, reported by `system.health` and `system.version`. */
  readonly version: string;
  /** Start time, epoch ms, for uptime. */
  readonly startedAt: number;
  readonly store: LedgerStore;
  /** This process's task manager (maintenance, password changes). */
  readonly tasks: TaskManager;
  /** The users' tasks as `tasks.*` and `entries.import` see them (across instances on PostgreSQL). */
  readonly userTasks: UserTasks;
  readonly sessions: SessionRegistry;
  readonly notifications: NotificationBus;
  readonly config: ResolvedApiConfig;
  readonly logger: ApiLogger;
}
