import type { TaskLogger } from './logger.js';
import type { TaskProgress } from './task-snapshot.js';

/** What a task's `run` function receives. */
export interface TaskContext {
  /** The task's id. */
  readonly id: string;
  /** The task's name, as given to `spawn`. */
  readonly name: string;
  /** The owner given to `spawn`, or `null`. */
  readonly owner: string | null;
  /**
   * Aborted when the task is cancelled or the manager shuts down; its `reason` is a
   * `TaskCancelledError`. Pass it to everything that accepts a signal.
   */
  readonly signal: AbortSignal;
  /** A logger bound to `{ taskId, taskName, owner }`. */
  readonly logger: TaskLogger;
  /**
   * Reports progress. Cheap to call often: the snapshot always holds the latest value, events are
   * throttled and the last update is always delivered.
   */
  progress(progress: TaskProgress): void;
  /**
   * Yields to the event loop (so timers, I/O and `cancel` calls get their turn), then throws the
   * abort reason if the task was cancelled. Call it between batches of CPU-heavy work.
   */
  checkpoint(): Promise<void>;
}

/** A task body: does the work, returns the result, throws `TaskError` for expected failures. */
export type TaskRun<T> = (ctx: TaskContext) => Promise<T> | T;
