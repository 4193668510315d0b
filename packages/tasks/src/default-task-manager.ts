import { ConcurrencyLimits } from './concurrency-limits.js';
import {
  TaskCancelledError,
  TaskDuplicateError,
  TaskManagerClosedError,
  TaskQueueFullError,
} from './errors.js';
import { EventHub } from './event-hub.js';
import { TaskEventIterator, type TaskEventsOptions } from './event-iterator.js';
import type { TaskLogger } from './logger.js';
import { assertEveryOptions, type EveryOptions, PeriodicSchedule, type Schedule } from './schedule.js';
import {
  resolveShutdownDeadline,
  type ShutdownOptions,
  type ShutdownReport,
  shutdownTasks,
} from './shutdown.js';
import { assertSpawnOptions, type SpawnOptions } from './spawn-options.js';
import type { TaskEventListener } from './task-event.js';
import type { TaskHandle } from './task-handle.js';
import { createTaskId } from './task-id.js';
import type { ListTasksOptions, TaskManager } from './task-manager.js';
import {
  assertDuplicatePolicy,
  type ResolvedTaskManagerOptions,
  resolveTaskManagerOptions,
  type TaskManagerOptions,
} from './task-manager-options.js';
import { TaskQueue } from './task-queue.js';
import { TaskRecord } from './task-record.js';
import { TaskRegistry } from './task-registry.js';
import { isActiveStatus, type TaskSnapshot } from './task-snapshot.js';

/** The {@link TaskManager} implementation behind `createTaskManager`. */
class DefaultTaskManager implements TaskManager {
  readonly #options: ResolvedTaskManagerOptions;
  readonly #logger: TaskLogger;
  readonly #hub: EventHub;
  readonly #registry: TaskRegistry;
  readonly #queue = new TaskQueue<TaskRecord>();
  readonly #limits: ConcurrencyLimits;
  readonly #schedules = new Set<PeriodicSchedule<unknown>>();
  readonly #detachSignals = new Map<string, () => void>();
  #pumpScheduled = false;
  #closed = false;
  #shutdown: Promise<ShutdownReport> | null = null;

  constructor(options: TaskManagerOptions = {}) {
    this.#options = resolveTaskManagerOptions(options);
    this.#logger = this.#options.logger;
    this.#hub = new EventHub({ logger: this.#logger });
    this.#registry = new TaskRegistry(this.#options);
    this.#limits = new ConcurrencyLimits({
      global: this.#options.concurrency,
      perOwner: this.#options.concurrencyPerOwner,
    });
  }

  /** `true` once `shutdown` was called: spawns and schedules are refused. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts a task, or queues it while the limits are reached; `run` is invoked asynchronously, never
   * inside `spawn`. Throws `TaskDuplicateError`, `TaskQueueFullError`, `TaskManagerClosedError` or
   * `TypeError` (bad options). A joined duplicate's handle is typed by the caller: use one result
   * type per key.
   */
  spawn<T>(options: SpawnOptions<T>): TaskHandle<T> {
    if (this.closed) throw new TaskManagerClosedError('The task manager is shut down');
    assertSpawnOptions(options);
    const onDuplicate = options.onDuplicate ?? this.#options.onDuplicate;
    assertDuplicatePolicy('options.onDuplicate', onDuplicate);
    const owner = options.owner ?? null;
    const key = options.key ?? null;
    if (key !== null) {
      const existing = this.#registry.findActive(owner, key);
      if (existing !== undefined && onDuplicate === 'join') return existing.handle as TaskHandle<T>;
      if (existing !== undefined) throw new TaskDuplicateError({ key, existingTaskId: existing.id });
    }
    if (this.#queue.size >= this.#options.maxQueued) {
      throw new TaskQueueFullError(`The task queue is full (${this.#options.maxQueued} waiting)`);
    }
    const record = this.#createRecord({ ...options, owner, key });
    this.#registry.add(record as TaskRecord);
    this.#queue.push(record as TaskRecord);
    record.announce();
    this.#attachSignal(record as TaskRecord, options.signal);
    this.#pump();
    return record.handle;
  }

  /** The snapshot of a task (active, or finished within the retention period). */
  get(id: string): TaskSnapshot | undefined {
    return this.#registry.get(id)?.snapshot();
  }

  /** Snapshots of the known tasks, oldest first. */
  list(options: ListTasksOptions = {}): TaskSnapshot[] {
    const { owner, status } = options;
    return this.#registry
      .all()
      .filter((record) => owner === undefined || record.owner === owner)
      .filter((record) => status === undefined || status.includes(record.status))
      .map((record) => record.snapshot());
  }

  /** Cancels one task (see `TaskHandle.cancel`); `false` if unknown or already finished. */
  cancel(id: string): boolean {
    const record = this.#registry.get(id);
    if (record === undefined) return false;
    return this.#cancelRecord(record, new TaskCancelledError(`Task ${id} was cancelled`));
  }

  /** Stops the owner's schedules and cancels all their active tasks (logout, lock); returns their ids. */
  cancelOwner(owner: string): string[] {
    for (const schedule of this.#schedules) if (schedule.owner === owner) schedule.stop();
    const reason = new TaskCancelledError(`Tasks of owner ${owner} were cancelled`);
    return this.#registry
      .all()
      .filter((record) => record.owner === owner && this.#cancelRecord(record, reason))
      .map((record) => record.id);
  }

  /**
   * Spawns a task every `intervalMs` (plus jitter) until stopped, `shutdown` or `cancelOwner`.
   *
   * ```ts
   * const schedule = tasks.every(60_000, { name: 'maintenance.vacuum', jitterMs: 5_000, run: vacuum });
   * schedule.stop();
   * ```
   */
  every<T>(intervalMs: number, options: EveryOptions<T>): Schedule<T> {
    if (this.closed) throw new TaskManagerClosedError('The task manager is shut down');
    assertSpawnOptions(options);
    assertEveryOptions(intervalMs, options as EveryOptions<unknown>);
    const schedule = new PeriodicSchedule<T>({
      intervalMs,
      options,
      spawn: (spawnOptions) => this.spawn(spawnOptions),
      logger: this.#logger,
      onStop: (stopped) => this.#schedules.delete(stopped as PeriodicSchedule<unknown>),
    });
    this.#schedules.add(schedule as PeriodicSchedule<unknown>);
    schedule.begin();
    return schedule;
  }

  /** Calls `listener` with every task event, synchronously; returns the unsubscribe function. */
  subscribe(listener: TaskEventListener): () => void {
    return this.#hub.subscribe(listener);
  }

  /**
   * The event stream as an async iterator, e.g. for a tRPC subscription:
   *
   * ```ts
   * for await (const event of tasks.events({ owner: userId, signal })) yield event;
   * ```
   */
  events(options: TaskEventsOptions = {}): TaskEventIterator {
    const { maxBuffered } = options;
    if (maxBuffered !== undefined && (!Number.isInteger(maxBuffered) || maxBuffered < 1)) {
      throw new TypeError('options.maxBuffered must be an integer >= 1');
    }
    return new TaskEventIterator({ ...options, subscribe: (listener) => this.#hub.subscribe(listener) });
  }

  /**
   * Stops schedules, refuses new spawns, cancels every task and waits up to `deadlineMs` for running
   * ones to end. Resolves (never rejects) with what stopped and what did not; idempotent.
   */
  shutdown(options: ShutdownOptions = {}): Promise<ShutdownReport> {
    if (this.#shutdown !== null) return this.#shutdown;
    const deadlineMs = resolveShutdownDeadline(options);
    this.#closed = true;
    this.#shutdown = shutdownTasks({
      deadlineMs,
      stopSchedules: () => {
        for (const schedule of this.#schedules) schedule.stop();
      },
      active: () => this.#registry.all().filter((record) => isActiveStatus(record.status)),
      cancel: (record, reason) => this.#cancelRecord(record, reason),
      logger: this.#logger,
    });
    return this.#shutdown;
  }

  #createRecord<T>(
    options: Omit<SpawnOptions<T>, 'owner' | 'key'> & { owner: string | null; key: string | null },
  ): TaskRecord<T> {
    const id = createTaskId();
    const { name, owner, key, run } = options;
    return new TaskRecord<T>({
      id,
      name,
      key,
      owner,
      run,
      logger: this.#logger.child({ taskId: id, taskName: name, owner }),
      progressIntervalMs: this.#options.progressIntervalMs,
      emit: (event) => this.#hub.emit(event),
      onFinal: (record) => this.#onFinal(record as TaskRecord),
      requestCancel: () => this.cancel(id),
    });
  }

  #cancelRecord(record: TaskRecord, reason: TaskCancelledError): boolean {
    if (record.status === 'queued') this.#queue.remove(record);
    return record.cancel(reason);
  }

  #attachSignal(record: TaskRecord, signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    const onAbort = (): void => {
      this.#cancelRecord(record, new TaskCancelledError(`Task ${record.id} was cancelled by its signal`));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.#detachSignals.set(record.id, () => signal.removeEventListener('abort', onAbort));
  }

  #onFinal(record: TaskRecord): void {
    if (record.started) this.#limits.release(record.owner);
    this.#detachSignals.get(record.id)?.();
    this.#detachSignals.delete(record.id);
    this.#registry.markFinished(record);
    // Deferred so the next task's `started` follows this task's final event.
    if (!this.#pumpScheduled && this.#queue.size > 0) {
      this.#pumpScheduled = true;
      queueMicrotask(() => {
        this.#pumpScheduled = false;
        this.#pump();
      });
    }
  }

  /** Starts queued tasks, oldest first, while the limits allow. */
  #pump(): void {
    while (!this.#closed && this.#queue.size > 0 && this.#limits.hasCapacity()) {
      const next = this.#queue.takeFirst((owner) => this.#limits.canStart(owner));
      if (next === undefined) return;
      this.#limits.acquire(next.owner);
      next.start().catch((err: unknown) => {
        this.#logger.error({ err, taskId: next.id }, 'task bookkeeping failed');
      });
    }
  }
}

/**
 * Creates the task manager: the package's composition root.
 *
 * ```ts
 * const tasks = createTaskManager({ concurrency: 4, concurrencyPerOwner: 2, logger });
 * const task = tasks.spawn({
 *   name: 'entries.import',
 *   key: 'import',
 *   owner: userId,
 *   run: async (ctx) => importCsv(file, { signal: ctx.signal, onRow: (done) => ctx.progress({ done }) }),
 * });
 * const report = await tasks.shutdown({ deadlineMs: 5_000 });
 * ```
 */
export function createTaskManager(options: TaskManagerOptions = {}): TaskManager {
  return new DefaultTaskManager(options);
}
