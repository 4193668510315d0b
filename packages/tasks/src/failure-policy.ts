import { TaskCancelledError, TaskError, TaskInternalError } from './errors.js';
import type { TaskLogger } from './logger.js';
import type { TaskFailure } from './task-snapshot.js';

/** How a task that threw ends: cancelled, or failed with what clients see and what `result` rejects with. */
export type ThrownOutcome =
  | { status: 'cancelled'; error: TaskCancelledError }
  | { status: 'failed'; failure: TaskFailure; error: TaskError | TaskInternalError };

/**
 * The one place that decides what a throw means. After an abort any throw is the cancellation
 * (tasks usually rethrow the abort reason, or fail because their I/O was aborted). A `TaskError` is an
 * expected failure, logged at `warn` with its code only (its message may quote user data). Anything
 * else is a bug: logged at `error` with the stack, and reported under a generic message.
 */
export function classifyThrow(options: {
  taskId: string;
  thrown: unknown;
  signal: AbortSignal;
  logger: TaskLogger;
}): ThrownOutcome {
  const { taskId, thrown, signal, logger } = options;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const error = reason instanceof TaskCancelledError ? reason : new TaskCancelledError('Task cancelled');
    logger.info({ code: error.code }, 'task cancelled');
    return { status: 'cancelled', error };
  }
  if (thrown instanceof TaskError) {
    logger.warn({ code: thrown.code }, 'task failed');
    return { status: 'failed', failure: { code: thrown.code, message: thrown.message }, error: thrown };
  }
  const error = new TaskInternalError({ taskId, cause: thrown });
  logger.error({ err: thrown, code: error.code }, 'task failed with an internal error');
  return { status: 'failed', failure: { code: error.code, message: 'Internal error' }, error };
}
