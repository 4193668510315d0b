/** Stable codes carried by every error this package throws or reports. */
export type TaskErrorCode =
  | 'COFFER_TASK_FAILED'
  | 'COFFER_TASK_INTERNAL'
  | 'COFFER_TASK_CANCELLED'
  | 'COFFER_TASK_DUPLICATE'
  | 'COFFER_TASK_QUEUE_FULL'
  | 'COFFER_TASK_MANAGER_CLOSED'
  | 'COFFER_TASK_EVENTS_OVERFLOW';

/** Options shared by the error constructors. */
export interface TaskErrorOptions {
  /** A more specific stable code, e.g. `COFFER_IMPORT_BAD_CSV`. @default 'COFFER_TASK_FAILED' */
  code?: string;
  /** The underlying error, kept for logs. */
  cause?: unknown;
}

/**
 * An expected failure whose message is meant for the user (bad CSV, wrong password…). Throw it from
 * `run` to fail a task without it being treated as a bug: it is logged at `warn`, without alarm.
 *
 * ```ts
 * throw new TaskError('Line 3: amount is not a number', { code: 'COFFER_IMPORT_BAD_ROW' });
 * ```
 */
export class TaskError extends Error {
  override name = 'TaskError';
  /** Stable, machine-readable code; `COFFER_TASK_FAILED` unless the thrower chose one. */
  readonly code: string;

  constructor(message: string, options: TaskErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'COFFER_TASK_FAILED';
  }
}

/**
 * A task threw something other than a {@link TaskError}: a bug. The original is in `cause` (and in the
 * logs with its stack); the message is generic so nothing internal leaks to clients.
 */
export class TaskInternalError extends Error {
  override name = 'TaskInternalError';
  readonly code = 'COFFER_TASK_INTERNAL';

  constructor(options: { taskId: string; cause: unknown }) {
    super(`Task ${options.taskId} failed with an internal error`, { cause: options.cause });
  }
}

/** The task was cancelled (by `cancel`, `cancelOwner`, its spawn `signal` or `shutdown`). Not a failure. */
export class TaskCancelledError extends Error {
  override name = 'TaskCancelledError';
  readonly code = 'COFFER_TASK_CANCELLED';
}

/** A spawn with `onDuplicate: 'reject'` met an active task with the same owner and key. */
export class TaskDuplicateError extends Error {
  override name = 'TaskDuplicateError';
  readonly code = 'COFFER_TASK_DUPLICATE';
  /** The id of the queued or running task that holds the key. */
  readonly existingTaskId: string;

  constructor(options: { key: string; existingTaskId: string }) {
    super(`A task with key "${options.key}" is already active (${options.existingTaskId})`);
    this.existingTaskId = options.existingTaskId;
  }
}

/** The queue already holds `maxQueued` tasks; the spawn fails fast instead of buffering forever. */
export class TaskQueueFullError extends Error {
  override name = 'TaskQueueFullError';
  readonly code = 'COFFER_TASK_QUEUE_FULL';
}

/** `shutdown()` was called: the manager refuses new spawns and schedules. */
export class TaskManagerClosedError extends Error {
  override name = 'TaskManagerClosedError';
  readonly code = 'COFFER_TASK_MANAGER_CLOSED';
}

/** An `events()` consumer fell more than `maxBuffered` events behind and was cut off. */
export class TaskEventsOverflowError extends Error {
  override name = 'TaskEventsOverflowError';
  readonly code = 'COFFER_TASK_EVENTS_OVERFLOW';
}
