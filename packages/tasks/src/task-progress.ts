import type { TaskProgress } from './task-snapshot.js';

/**
 * Checks a `ctx.progress` argument and copies it without `undefined` fields, so snapshots stay plain
 * JSON. Throws `TypeError` naming the bad field: a bad call is a bug in the task.
 */
export function normalizeProgress(progress: TaskProgress): TaskProgress {
  const { done, total, message } = progress;
  if (!Number.isFinite(done) || done < 0) {
    throw new TypeError('progress.done must be a finite number >= 0');
  }
  if (total !== undefined && (!Number.isFinite(total) || total < 0)) {
    throw new TypeError('progress.total must be a finite number >= 0 when given');
  }
  if (message !== undefined && typeof message !== 'string') {
    throw new TypeError('progress.message must be a string when given');
  }
  const copy: TaskProgress = { done };
  if (total !== undefined) copy.total = total;
  if (message !== undefined) copy.message = message;
  return copy;
}
