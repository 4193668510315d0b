/**
 * Where a task is in its lifecycle:
 * `queued → running → succeeded | failed | cancelled`, or `queued → cancelled` when cancelled before
 * it started. The last three are final.
 */
export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Whether a task in `status` is still active (queued or running), i.e. not final. */
export function isActiveStatus(status: TaskStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Progress a task reports through `ctx.progress`. */
export interface TaskProgress {
  /** Units of work done so far (rows, bytes…). */
  done: number;
  /** Units of work in total, when known. */
  total?: number;
  /** A short human-readable status line. */
  message?: string;
}

/** The failure of a task as clients see it: a stable code and a message safe to show. */
export interface TaskFailure {
  /** `COFFER_TASK_INTERNAL` for bugs; the {@link TaskError} code otherwise. */
  code: string;
  /** The {@link TaskError} message, or a generic one for bugs. */
  message: string;
}

/**
 * A plain, JSON-serializable picture of one task at one moment. Times are epoch milliseconds.
 * `result` is present once the task succeeded, `error` once it failed.
 */
export interface TaskSnapshot<T = unknown> {
  id: string;
  name: string;
  key: string | null;
  owner: string | null;
  status: TaskStatus;
  progress: TaskProgress | null;
  result?: T;
  error?: TaskFailure;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}
