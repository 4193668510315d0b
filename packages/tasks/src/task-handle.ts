import type { TaskSnapshot, TaskStatus } from './task-snapshot.js';

/** What `spawn` returns: a live view of one task. */
export interface TaskHandle<T = unknown> {
  /** Unique id (a UUID). */
  readonly id: string;
  /** The current status. */
  readonly status: TaskStatus;
  /**
   * Resolves with the value `run` returned. Rejects with the `TaskError` it threw, a
   * `TaskInternalError` (bug, original in `cause`) or a `TaskCancelledError`. Nobody has to await it: the
   * manager reports every outcome, so an ignored rejection never becomes an unhandled one.
   */
  readonly result: Promise<T>;
  /** Resolves (never rejects) with the final snapshot once the task has ended, however it ended. */
  readonly done: Promise<TaskSnapshot<T>>;
  /** The current snapshot. */
  snapshot(): TaskSnapshot<T>;
  /**
   * Cancels the task: a queued one ends at once, a running one has its signal aborted and ends when
   * `run` settles. `false` if it had already ended.
   */
  cancel(): boolean;
}
