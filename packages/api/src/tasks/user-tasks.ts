import type { UserLedger } from '@coffer/db';
import type { TaskEvent, TaskSnapshot, TaskStatus } from '@coffer/tasks';
import type { ImportInput } from './import-run.js';

/** Options of {@link UserTasks.events}. */
export interface UserTaskEventsOptions {
  /** Whose task events. */
  readonly owner: string;
  /** Ends the stream. */
  readonly signal: AbortSignal;
  /** Events a slow consumer may fall behind before it is cut off (`COFFER_TASK_EVENTS_OVERFLOW`). */
  readonly maxBuffered: number;
}

/**
 * The users' background tasks as the router sees them: start an import, read, cancel and follow
 * one's own tasks. Async, so a cluster can answer from PostgreSQL for tasks that run on another
 * instance. {@link createLocalUserTasks} wraps one process's `TaskManager`;
 * `createPgBossUserTasks` runs imports on pg-boss and keeps every task's state in PostgreSQL.
 */
export interface UserTasks {
  /** Queues the CSV import into `ledger` and returns the task id (joins an identical running import). */
  startImport(ledger: UserLedger, input: ImportInput): Promise<string>;
  /** One task of `owner` (active, or finished within the retention period). */
  get(owner: string, id: string): Promise<TaskSnapshot | undefined>;
  /** The tasks of `owner`, oldest first, optionally only in some statuses. */
  list(owner: string, status?: readonly TaskStatus[]): Promise<TaskSnapshot[]>;
  /** Cancels one task of `owner`; `false` if unknown or already finished. */
  cancel(owner: string, id: string): Promise<boolean>;
  /** Every event of `owner`'s tasks, wherever they run. */
  events(options: UserTaskEventsOptions): AsyncIterable<TaskEvent>;
}
