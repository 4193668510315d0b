import type { TaskRecord } from './task-record.js';

/**
 * Every task the manager knows, in creation order: active ones, and finished ones until they are
 * older than `retainMs` or more than `maxRetained` finished tasks exist. Finished tasks are pruned
 * lazily, on access, so no timer is needed. Also indexes active tasks by (owner, key) for dedupe.
 */
export class TaskRegistry {
  readonly #retainMs: number;
  readonly #maxRetained: number;
  readonly #records = new Map<string, TaskRecord>();
  readonly #activeByKey = new Map<string, TaskRecord>();
  /** Finished task ids → finish time, oldest first. */
  readonly #finished = new Map<string, number>();

  constructor(options: { retainMs: number; maxRetained: number }) {
    this.#retainMs = options.retainMs;
    this.#maxRetained = options.maxRetained;
  }

  add(record: TaskRecord): void {
    this.#records.set(record.id, record);
    if (record.key !== null) this.#activeByKey.set(dedupeId(record.owner, record.key), record);
  }

  /** The queued or running task holding `key` for `owner`. */
  findActive(owner: string | null, key: string): TaskRecord | undefined {
    return this.#activeByKey.get(dedupeId(owner, key));
  }

  get(id: string): TaskRecord | undefined {
    this.#prune();
    return this.#records.get(id);
  }

  /** All known tasks, oldest first. */
  all(): TaskRecord[] {
    this.#prune();
    return [...this.#records.values()];
  }

  /** Releases the task's key and starts its retention period. */
  markFinished(record: TaskRecord): void {
    if (record.key !== null) {
      const id = dedupeId(record.owner, record.key);
      if (this.#activeByKey.get(id) === record) this.#activeByKey.delete(id);
    }
    this.#finished.set(record.id, Date.now());
    this.#prune();
  }

  #prune(): void {
    const expiredBefore = Date.now() - this.#retainMs;
    for (const [id, finishedAt] of this.#finished) {
      if (finishedAt > expiredBefore && this.#finished.size <= this.#maxRetained) break;
      this.#finished.delete(id);
      this.#records.delete(id);
    }
  }
}

function dedupeId(owner: string | null, key: string): string {
  return JSON.stringify([owner, key]);
}
