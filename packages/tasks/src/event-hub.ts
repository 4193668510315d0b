import type { TaskLogger } from './logger.js';
import type { TaskEvent, TaskEventListener } from './task-event.js';

/** Fans task events out to listeners, synchronously and in order. */
export class EventHub {
  readonly #listeners = new Set<TaskEventListener>();
  readonly #logger: TaskLogger;

  constructor(options: { logger: TaskLogger }) {
    this.#logger = options.logger;
  }

  /** Adds a listener; returns the function that removes it (idempotent). */
  subscribe(listener: TaskEventListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: TaskEventListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: TaskEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        // One broken subscriber must not stop the task or starve the others; the bug is reported.
        this.#logger.error({ err, taskId: event.task.id, event: event.type }, 'task event listener threw');
      }
    }
  }
}
