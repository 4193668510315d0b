import type { TaskRun } from './task-context.js';

/** What to do when a spawn meets an active (queued or running) task with the same owner and key. */
export type DuplicatePolicy = 'join' | 'reject';

/** Options of `TaskManager.spawn`. */
export interface SpawnOptions<T> {
  /** What the task does, for logs and clients (`'entries.import'`). */
  name: string;
  /**
   * Dedupe key, scoped to `owner`: while a task with the same owner and key is queued or running,
   * another spawn joins it or fails (see `onDuplicate`). @default no deduplication
   */
  key?: string;
  /** Who the task belongs to (a user id): for `list`, `cancelOwner` and per-owner limits. @default none */
  owner?: string;
  /** The work. */
  run: TaskRun<T>;
  /**
   * `'join'` returns the active task's handle; `'reject'` throws `TaskDuplicateError`.
   * @default the manager's `onDuplicate` ('join')
   */
  onDuplicate?: DuplicatePolicy;
  /** Cancels the task when aborted. @default none */
  signal?: AbortSignal;
}

/** Throws `TypeError` naming the first bad field of spawn (or `every`) options. */
export function assertSpawnOptions(options: Omit<SpawnOptions<unknown>, 'signal'>): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  if (typeof options.name !== 'string' || options.name.length === 0) {
    throw new TypeError('options.name must be a non-empty string');
  }
  if (typeof options.run !== 'function') throw new TypeError('options.run must be a function');
  for (const field of ['key', 'owner'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new TypeError(`options.${field} must be a non-empty string when given`);
    }
  }
}
