import { createDeferred, type Deferred } from './deferred.js';
import type { TaskCancelledError } from './errors.js';
import { classifyThrow, type ThrownOutcome } from './failure-policy.js';
import type { TaskLogger } from './logger.js';
import { ProgressThrottle } from './progress-throttle.js';
import type { TaskContext, TaskRun } from './task-context.js';
import type { TaskEvent, TaskEventType } from './task-event.js';
import type { TaskHandle } from './task-handle.js';
import { normalizeProgress } from './task-progress.js';
import type { TaskFailure, TaskProgress, TaskSnapshot, TaskStatus } from './task-snapshot.js';

/** What the manager gives each record. */
export interface TaskRecordOptions<T> {
  id: string;
  name: string;
  key: string | null;
  owner: string | null;
  run: TaskRun<T>;
  logger: TaskLogger;
  progressIntervalMs: number;
  emit(event: TaskEvent): void;
  /** Called once the task is final, before its final event: the manager's bookkeeping. */
  onFinal(record: TaskRecord<T>): void;
  /** What `handle.cancel()` does (the manager also has to take a queued task out of its queue). */
  requestCancel(): boolean;
}

/**
 * One task's state machine. Lifecycle: created `queued` (`announce` emits the event), then either
 * `start` → `running` → final when `run` settles, or `cancel` while queued → `cancelled` at once.
 */
export class TaskRecord<T = unknown> {
  readonly id: string;
  readonly name: string;
  readonly key: string | null;
  readonly owner: string | null;
  readonly handle: TaskHandle<T>;
  /** What only an active task needs; dropped when it is final, so retained tasks stay small. */
  #live: LiveParts<T> | null;
  readonly #createdAt = Date.now();
  #status: TaskStatus = 'queued';
  #progress: TaskProgress | null = null;
  #value: { value: T } | null = null;
  #failure: TaskFailure | null = null;
  #startedAt: number | null = null;
  #finishedAt: number | null = null;

  constructor(options: TaskRecordOptions<T>) {
    ({ id: this.id, name: this.name, key: this.key, owner: this.owner } = options);
    const live: LiveParts<T> = {
      options,
      controller: new AbortController(),
      throttle: new ProgressThrottle({
        intervalMs: options.progressIntervalMs,
        emit: () => this.#emit('progress'),
      }),
      result: createDeferred<T>(),
      done: createDeferred<TaskSnapshot<T>>(),
    };
    this.#live = live;
    // The manager reports every outcome, so nobody is obliged to await `result`.
    live.result.promise.catch(() => {});
    this.handle = new RecordHandle({
      record: this,
      result: live.result.promise,
      done: live.done.promise,
      cancel: options.requestCancel,
    });
  }

  get status(): TaskStatus {
    return this.#status;
  }

  /** Whether `start` was called (the task holds a concurrency slot until it is final). */
  get started(): boolean {
    return this.#startedAt !== null;
  }

  /** Emits `queued`; call once, after the manager has registered the record. */
  announce(): void {
    this.#emit('queued');
  }

  /** Runs the task. Precondition: `queued`. The promise resolves once the task is final; it never rejects. */
  async start(): Promise<void> {
    const { options, controller } = this.#assertLive();
    this.#status = 'running';
    this.#startedAt = Date.now();
    this.#emit('started');
    try {
      // `run` never executes inside `spawn`, and a task cancelled meanwhile never runs at all.
      await Promise.resolve();
      controller.signal.throwIfAborted();
      const value = await options.run(this.#createContext(options.logger, controller.signal));
      this.#finish({ status: 'succeeded', value });
    } catch (thrown) {
      const { signal } = controller;
      this.#finish(classifyThrow({ taskId: this.id, thrown, signal, logger: options.logger }));
    }
  }

  /** Aborts the task's signal; a queued task ends at once. `false` once the task is final. */
  cancel(reason: TaskCancelledError): boolean {
    if (this.#status !== 'queued' && this.#status !== 'running') return false;
    const { controller } = this.#assertLive();
    if (!controller.signal.aborted) controller.abort(reason);
    if (this.#status === 'queued') this.#finish({ status: 'cancelled', error: reason });
    return true;
  }

  snapshot(): TaskSnapshot<T> {
    const snapshot: TaskSnapshot<T> = {
      id: this.id,
      name: this.name,
      key: this.key,
      owner: this.owner,
      status: this.#status,
      progress: this.#progress === null ? null : { ...this.#progress },
      createdAt: this.#createdAt,
      startedAt: this.#startedAt,
      finishedAt: this.#finishedAt,
    };
    if (this.#value !== null) snapshot.result = this.#value.value;
    if (this.#failure !== null) snapshot.error = { ...this.#failure };
    return snapshot;
  }

  #assertLive(): LiveParts<T> {
    if (this.#live === null) throw new Error(`Task ${this.id} is final`);
    return this.#live;
  }

  #createContext(logger: TaskLogger, signal: AbortSignal): TaskContext {
    return {
      id: this.id,
      name: this.name,
      owner: this.owner,
      signal,
      logger,
      progress: (progress) => {
        const normalized = normalizeProgress(progress);
        if (this.#status !== 'running' || this.#live === null) return;
        this.#progress = normalized;
        this.#live.throttle.push();
      },
      checkpoint: async () => {
        // A macrotask, not a microtask: timers and I/O (where `cancel` calls come from) get their turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
      },
    };
  }

  #finish(outcome: ThrownOutcome | { status: 'succeeded'; value: T }): void {
    const live = this.#assertLive();
    live.throttle.flush();
    this.#status = outcome.status;
    this.#finishedAt = Date.now();
    if (outcome.status === 'succeeded') this.#value = { value: outcome.value };
    if (outcome.status === 'failed') this.#failure = outcome.failure;
    live.options.onFinal(this);
    this.#emit(outcome.status);
    this.#live = null;
    if (outcome.status === 'succeeded') live.result.resolve(outcome.value);
    else live.result.reject(outcome.error);
    live.done.resolve(this.snapshot());
  }

  #emit(type: TaskEventType): void {
    this.#live?.options.emit({ type, task: this.snapshot() });
  }
}

interface LiveParts<T> {
  options: TaskRecordOptions<T>;
  controller: AbortController;
  throttle: ProgressThrottle;
  result: Deferred<T>;
  done: Deferred<TaskSnapshot<T>>;
}

/** The public face of a record; a class, since a literal with a getter costs ~700 B per task. */
class RecordHandle<T> implements TaskHandle<T> {
  readonly id: string;
  readonly result: Promise<T>;
  readonly done: Promise<TaskSnapshot<T>>;
  readonly #record: TaskRecord<T>;
  readonly #cancel: () => boolean;

  constructor(parts: {
    record: TaskRecord<T>;
    result: Promise<T>;
    done: Promise<TaskSnapshot<T>>;
    cancel: () => boolean;
  }) {
    this.#record = parts.record;
    this.id = parts.record.id;
    this.result = parts.result;
    this.done = parts.done;
    this.#cancel = parts.cancel;
  }

  get status(): TaskStatus {
    return this.#record.status;
  }

  snapshot(): TaskSnapshot<T> {
    return this.#record.snapshot();
  }

  cancel(): boolean {
    return this.#cancel();
  }
}
