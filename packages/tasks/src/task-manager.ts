import type { TaskEventIterator, TaskEventsOptions } from './event-iterator.js';
import type { EveryOptions, Schedule } from './schedule.js';
import type { ShutdownOptions, ShutdownReport } from './shutdown.js';
import type { SpawnOptions } from './spawn-options.js';
import type { TaskEventListener } from './task-event.js';
import type { TaskHandle } from './task-handle.js';
import type { TaskSnapshot, TaskStatus } from './task-snapshot.js';

/** Filters of {@link TaskManager.list}. */
export interface ListTasksOptions {
  /** Only this owner's tasks. @default every owner */
  owner?: string;
  /** Only tasks in one of these statuses. @default every status */
  status?: readonly TaskStatus[];
}

/**
 * Runs background tasks: dedupes them by key, queues them FIFO under global and per-owner limits,
 * cancels them through an `AbortSignal`, reports them as one event stream, keeps finished ones for a
 * while and stops everything on shutdown. Create one with `createTaskManager`; an interface so
 * callers (routers, tests) can pass their own implementation.
 *
 * Lifecycle: usable from creation; after `shutdown()` (`closed` is then true) `spawn` and `every`
 * throw `TaskManagerClosedError`, while `get`, `list`, `subscribe` and `events` keep working.
 */
export interface TaskManager {
  /** `true` once `shutdown` was called: spawns and schedules are refused. */
  readonly closed: boolean;
  /**
   * Starts a task, or queues it while the limits are reached; `run` is invoked asynchronously, never
   * inside `spawn`. Throws `TaskDuplicateError`, `TaskQueueFullError`, `TaskManagerClosedError` or
   * `TypeError` (bad options). A joined duplicate's handle is typed by the caller: use one result
   * type per key.
   */
  spawn<T>(options: SpawnOptions<T>): TaskHandle<T>;
  /** The snapshot of a task (active, or finished within the retention period). */
  get(id: string): TaskSnapshot | undefined;
  /** Snapshots of the known tasks, oldest first. */
  list(options?: ListTasksOptions): TaskSnapshot[];
  /** Cancels one task (see `TaskHandle.cancel`); `false` if unknown or already finished. */
  cancel(id: string): boolean;
  /** Stops the owner's schedules and cancels all their active tasks (logout, lock); returns their ids. */
  cancelOwner(owner: string): string[];
  /**
   * Spawns a task every `intervalMs` (plus jitter) until stopped, `shutdown` or `cancelOwner`.
   *
   * ```ts
   * const schedule = tasks.every(60_000, { name: 'maintenance.vacuum', jitterMs: 5_000, run: vacuum });
   * schedule.stop();
   * ```
   */
  every<T>(intervalMs: number, options: EveryOptions<T>): Schedule<T>;
  /** Calls `listener` with every task event, synchronously; returns the unsubscribe function. */
  subscribe(listener: TaskEventListener): () => void;
  /**
   * The event stream as an async iterator, e.g. for a tRPC subscription:
   *
   * ```ts
   * for await (const event of tasks.events({ owner: userId, signal })) yield event;
   * ```
   */
  events(options?: TaskEventsOptions): TaskEventIterator;
  /**
   * Stops schedules, refuses new spawns, cancels every task and waits up to `deadlineMs` for running
   * ones to end. Resolves (never rejects) with what stopped and what did not; idempotent.
   */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport>;
}
