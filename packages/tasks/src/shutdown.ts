import { TaskCancelledError } from './errors.js';
import type { TaskLogger } from './logger.js';
import type { TaskRecord } from './task-record.js';
import type { TaskSnapshot } from './task-snapshot.js';

/** Options of `TaskManager.shutdown`. */
export interface ShutdownOptions {
  /** How long to wait for running tasks to end after their signals were aborted. @default 5000 */
  deadlineMs?: number;
}

/** What `shutdown` achieved. */
export interface ShutdownReport {
  /** Tasks that were active and ended before the deadline (queued ones end at once). */
  stopped: TaskSnapshot[];
  /** Tasks still running at the deadline: they ignored their signal. Still `running` here. */
  timedOut: TaskSnapshot[];
}

/** What the manager lends to the shutdown procedure. */
export interface ShutdownParts {
  /** Checked by {@link resolveShutdownDeadline}. */
  deadlineMs: number;
  stopSchedules(): void;
  /** The queued and running tasks, oldest first. */
  active(): TaskRecord[];
  cancel(record: TaskRecord, reason: TaskCancelledError): boolean;
  logger: TaskLogger;
}

/** Applies the default deadline; throws `TypeError` on a bad one. */
export function resolveShutdownDeadline(options: ShutdownOptions): number {
  const deadlineMs = options.deadlineMs ?? 5000;
  if (!Number.isFinite(deadlineMs) || deadlineMs < 0) {
    throw new TypeError('options.deadlineMs must be a finite number >= 0');
  }
  return deadlineMs;
}

/**
 * Stops schedules, cancels queued tasks (first, so none grabs a slot a running task frees), aborts
 * running ones, then waits for them up to the deadline. The promise never rejects.
 */
export function shutdownTasks(parts: ShutdownParts): Promise<ShutdownReport> {
  const { deadlineMs } = parts;
  parts.stopSchedules();
  const reason = new TaskCancelledError('Task cancelled: the task manager is shutting down');
  const tasks = parts.active();
  for (const record of tasks) if (record.status === 'queued') parts.cancel(record, reason);
  for (const record of tasks) parts.cancel(record, reason);
  return waitForTasks({ tasks, deadlineMs, logger: parts.logger });
}

async function waitForTasks(parts: {
  tasks: TaskRecord[];
  deadlineMs: number;
  logger: TaskLogger;
}): Promise<ShutdownReport> {
  const { tasks, deadlineMs, logger } = parts;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  await Promise.race([Promise.all(tasks.map((record) => record.handle.done)), deadline]);
  clearTimeout(timer);
  const stillRunning = tasks.filter((record) => record.status === 'running');
  const timedOut = stillRunning.map((record) => record.snapshot());
  const stopped = tasks.filter((record) => record.status !== 'running').map((record) => record.snapshot());
  if (timedOut.length > 0) {
    logger.warn(
      { taskIds: timedOut.map((task) => task.id), deadlineMs },
      'tasks did not stop before the shutdown deadline',
    );
  }
  logger.info({ stopped: stopped.length, timedOut: timedOut.length }, 'task manager shut down');
  return { stopped, timedOut };
}
