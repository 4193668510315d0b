import { createDeferred, type Deferred } from './deferred.js';
import { TaskEventsOverflowError } from './errors.js';
import type { TaskEvent, TaskEventListener } from './task-event.js';

/** Options of `TaskManager.events`. */
export interface TaskEventsOptions {
  /** Ends the iteration (quietly) and unsubscribes when aborted, e.g. a tRPC subscription's signal. */
  signal?: AbortSignal;
  /** Only events of this owner's tasks. @default every task */
  owner?: string;
  /**
   * How many undelivered events a slow consumer may have before it is cut off with
   * `TaskEventsOverflowError`. Undelivered progress events of one task are coalesced (latest wins) and
   * do not pile up. @default 1000
   */
  maxBuffered?: number;
}

/**
 * A single-use async iterator over task events. It subscribes when created, so a `list()` taken right
 * after creating it misses nothing; iterating to the end, `return()` or the signal unsubscribes.
 */
export class TaskEventIterator implements AsyncIterableIterator<TaskEvent> {
  readonly #owner: string | undefined;
  readonly #maxBuffered: number;
  readonly #signal: AbortSignal | undefined;
  #buffer: TaskEvent[] = [];
  #waiting: Deferred<IteratorResult<TaskEvent>> | null = null;
  #failure: TaskEventsOverflowError | null = null;
  #ended = false;
  readonly #unsubscribe: () => void;
  readonly #onAbort = (): void => this.#end();

  constructor(options: TaskEventsOptions & { subscribe(listener: TaskEventListener): () => void }) {
    this.#owner = options.owner;
    this.#maxBuffered = options.maxBuffered ?? 1000;
    this.#signal = options.signal;
    this.#unsubscribe = options.subscribe((event) => this.#push(event));
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (this.#signal?.aborted) this.#end();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<TaskEvent>> {
    const event = this.#buffer.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.#failure !== null) {
      const failure = this.#failure;
      this.#failure = null;
      return Promise.reject(failure);
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    this.#waiting = createDeferred();
    return this.#waiting.promise;
  }

  return(): Promise<IteratorResult<TaskEvent>> {
    this.#end();
    return Promise.resolve({ value: undefined, done: true });
  }

  #push(event: TaskEvent): void {
    if (this.#ended || (this.#owner !== undefined && event.task.owner !== this.#owner)) return;
    if (this.#waiting !== null) {
      this.#waiting.resolve({ value: event, done: false });
      this.#waiting = null;
      return;
    }
    if (event.type === 'progress' && this.#replaceProgress(event)) return;
    if (this.#buffer.length >= this.#maxBuffered) {
      this.#failure = new TaskEventsOverflowError(
        `Event consumer fell more than ${this.#maxBuffered} events behind and was cut off`,
      );
      this.#end();
      return;
    }
    this.#buffer.push(event);
  }

  /** While running, only progress follows progress, so the task's newest buffered event is replaceable. */
  #replaceProgress(event: TaskEvent): boolean {
    for (let i = this.#buffer.length - 1; i >= 0; i -= 1) {
      const buffered = this.#buffer[i]!;
      if (buffered.task.id !== event.task.id) continue;
      if (buffered.type !== 'progress') return false;
      this.#buffer[i] = event;
      return true;
    }
    return false;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#buffer = [];
    this.#unsubscribe();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#waiting?.resolve({ value: undefined, done: true });
    this.#waiting = null;
  }
}
