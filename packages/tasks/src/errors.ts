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
 * Base class of every error `@coffer/tasks` throws or reports, like `CofferSqliteError` and
 * `CofferDbError` in the other packages: `code` is stable across versions, `cause` is kept.
 * `instanceof CofferTaskError` tells this package's errors apart; `TaskError` alone marks an
 * expected failure thrown by a task's own code.
 */
export class CofferTaskError extends Error {
  override name = 'CofferTaskError';
  /** Stable, machine-readable code: a {@link TaskErrorCode}, or a `TaskError` thrower's own code. */
  readonly code: TaskErrorCode | (string & {});

  constructor(code: TaskErrorCode | (string & {}), message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * An expected failure whose message is meant for the user (bad CSV, wrong password…). Throw it from
 * `run` to fail a task without it being treated as a bug: it is logged at `warn`, without alarm.
 *
 * ```ts
 * throw new TaskError('Line 3: amount is not a number', { code: 'COFFER_IMPORT_BAD_ROW' });
 * ```
 */
export class TaskError extends CofferTaskError {
  override name = 'TaskError';

  /** `options.code` defaults to `COFFER_TASK_FAILED`. */
  constructor(message: string, options: TaskErrorOptions = {}) {
    super(options.code ?? 'COFFER_TASK_FAILED', message, { cause: options.cause });
  }
}

/**
 * A task threw something other than a {@link TaskError}: a bug. The original is in `cause` (and in the
 * logs with its stack); the message is generic so nothing internal leaks to clients.
 */
export class TaskInternalError extends CofferTaskError {
  override name = 'TaskInternalError';

  constructor(options: { taskId: string; cause: unknown }) {
    super('COFFER_TASK_INTERNAL', `Task ${options.taskId} failed with an internal error`, {
      cause: options.cause,
    });
  }
}

/** The task was cancelled (by `cancel`, `cancelOwner`, its spawn `signal` or `shutdown`). Not a failure. */
export class TaskCancelledError extends CofferTaskError {
  override name = 'TaskCancelledError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_TASK_CANCELLED', message, options);
  }
}

/** A spawn with `onDuplicate: 'reject'` met an active task with the same owner and key. */
export class TaskDuplicateError extends CofferTaskError {
  override name = 'TaskDuplicateError';
  /** The id of the queued or running task that holds the key. */
  readonly existingTaskId: string;

  constructor(options: { key: string; existingTaskId: string }) {
    super(
      'COFFER_TASK_DUPLICATE',
      `A task with key "${options.key}" is already active (${options.existingTaskId})`,
    );
    this.existingTaskId = options.existingTaskId;
  }
}

/** The queue already holds `maxQueued` tasks; the spawn fails fast instead of buffering forever. */
export class TaskQueueFullError extends CofferTaskError {
  override name = 'TaskQueueFullError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_TASK_QUEUE_FULL', message, options);
  }
}

/** `shutdown()` was called: the manager refuses new spawns and schedules. */
export class TaskManagerClosedError extends CofferTaskError {
  override name = 'TaskManagerClosedError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_TASK_MANAGER_CLOSED', message, options);
  }
}

/** An `events()` consumer fell more than `maxBuffered` events behind and was cut off. */
export class TaskEventsOverflowError extends CofferTaskError {
  override name = 'TaskEventsOverflowError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('COFFER_TASK_EVENTS_OVERFLOW', message, options);
  }
}
