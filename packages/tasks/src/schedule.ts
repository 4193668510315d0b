import { TaskManagerClosedError } from './errors.js';
import type { TaskLogger } from './logger.js';
import type { SpawnOptions } from './spawn-options.js';
import type { TaskHandle } from './task-handle.js';
import { isActiveStatus } from './task-snapshot.js';

/** Options of `TaskManager.every`. */
export interface EveryOptions<T> extends Omit<SpawnOptions<T>, 'signal'> {
  /** Each wait is `intervalMs` plus a random extra in `[0, jitterMs)`, spreading load. @default 0 */
  jitterMs?: number;
  /** Also run once right away, not only after the first interval. @default false */
  runOnStart?: boolean;
  /** Skip a tick while the previous run is still queued or running. @default true */
  skipIfRunning?: boolean;
  /** Stops the schedule when aborted. @default none */
  signal?: AbortSignal;
}

/** A periodic schedule: every tick spawns a task, so runs get events, limits and cancellation. */
export interface Schedule<T = unknown> {
  readonly name: string;
  readonly owner: string | null;
  /** Epoch ms of the next tick, `null` once stopped. */
  readonly nextRunAt: number | null;
  /** The most recent run, `null` before the first. */
  readonly lastTask: TaskHandle<T> | null;
  /** Stops future ticks (idempotent). A run in progress is left alone; cancel it through `lastTask`. */
  stop(): void;
}

/**
 * Fixed-rate ticks (the next one is armed before the run starts, so slow runs do not drift the
 * schedule). A run that fails is reported like any task; the schedule goes on.
 */
export class PeriodicSchedule<T> implements Schedule<T> {
  readonly name: string;
  readonly owner: string | null;
  readonly #intervalMs: number;
  readonly #jitterMs: number;
  readonly #runOnStart: boolean;
  readonly #skipIfRunning: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #spawnOptions: SpawnOptions<T>;
  readonly #spawn: (options: SpawnOptions<T>) => TaskHandle<T>;
  readonly #logger: TaskLogger;
  readonly #onStop: (schedule: PeriodicSchedule<T>) => void;
  readonly #onAbort = (): void => this.stop();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextRunAt: number | null = null;
  #lastTask: TaskHandle<T> | null = null;
  #stopped = false;

  constructor(parts: {
    intervalMs: number;
    options: EveryOptions<T>;
    spawn: (options: SpawnOptions<T>) => TaskHandle<T>;
    logger: TaskLogger;
    onStop: (schedule: PeriodicSchedule<T>) => void;
  }) {
    const { jitterMs, runOnStart, skipIfRunning, signal, ...spawnOptions } = parts.options;
    this.#intervalMs = parts.intervalMs;
    this.#jitterMs = jitterMs ?? 0;
    this.#runOnStart = runOnStart ?? false;
    this.#skipIfRunning = skipIfRunning ?? true;
    this.#signal = signal;
    this.#spawnOptions = spawnOptions;
    this.#spawn = parts.spawn;
    this.#logger = parts.logger;
    this.#onStop = parts.onStop;
    this.name = parts.options.name;
    this.owner = parts.options.owner ?? null;
  }

  get nextRunAt(): number | null {
    return this.#nextRunAt;
  }

  get lastTask(): TaskHandle<T> | null {
    return this.#lastTask;
  }

  /** Arms the first tick (and runs at once with `runOnStart`). Call once. */
  begin(): void {
    const signal = this.#signal;
    if (signal?.aborted) {
      this.stop();
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#arm();
    if (this.#runOnStart) this.#runOnce();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextRunAt = null;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#onStop(this);
  }

  #arm(): void {
    if (this.#stopped) return;
    const delay = this.#intervalMs + Math.random() * this.#jitterMs;
    this.#nextRunAt = Date.now() + delay;
    this.#timer = setTimeout(() => {
      this.#arm();
      this.#runOnce();
    }, delay);
    // A schedule alone must not keep the process alive; the server's sockets do that.
    this.#timer.unref?.();
  }

  #runOnce(): void {
    const last = this.#lastTask;
    if (this.#skipIfRunning && last !== null && isActiveStatus(last.status)) {
      this.#logger.debug(
        { schedule: this.name, taskId: last.id },
        'periodic run skipped: previous still active',
      );
      return;
    }
    try {
      this.#lastTask = this.#spawn(this.#spawnOptions);
    } catch (err) {
      if (err instanceof TaskManagerClosedError) this.stop();
      else this.#logger.warn({ err, schedule: this.name }, 'periodic run could not be spawned');
    }
  }
}

/** Throws `TypeError` naming the first bad argument of `every`. */
export function assertEveryOptions(intervalMs: number, options: EveryOptions<unknown>): void {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new TypeError('intervalMs must be a finite number > 0');
  }
  const jitterMs = options.jitterMs ?? 0;
  if (!Number.isFinite(jitterMs) || jitterMs < 0) {
    throw new TypeError('options.jitterMs must be a finite number >= 0');
  }
}
