import { performance } from 'node:perf_hooks';
import { STAY_AWAKE_MAX_CALLS, StayAwakeBackoff, type StayAwakeConfig } from './stay-awake-backoff.js';

/** How a window keeps its event loop polling; the default is a `setImmediate` chain. */
export interface StayAwakeScheduler {
  /** Runs `callback` on the next turn of the event loop, without letting the loop block meanwhile. */
  schedule(callback: () => void): unknown;
  /** Drops a callback `schedule` returned the handle of. */
  cancel(handle: unknown): void;
}

const immediateScheduler: StayAwakeScheduler = {
  schedule: (callback) => setImmediate(callback),
  cancel: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

/**
 * Keeps the main thread's event loop from going to sleep for a few microseconds while it expects
 * answers from a worker. A sleeping thread costs a wake-up of tens of microseconds on both legs
 * of a round trip (the sender's `postMessage` has to wake it, and it starts late); a thread whose
 * loop still has an immediate pending polls its ports without blocking, so the answer is picked
 * up at once. (The worker's side is `StayAwakeSpin`: a worker has nothing else to run.)
 *
 * The loop stays responsive: polling is a chain of immediates, not a busy loop, so timers, I/O
 * and other messages run between them. The chain ends on the message, when the window runs out
 * (then `StayAwakeBackoff` pauses windows for a while), or on `close()`. A window is bounded by
 * `windowUs`, so a pending window never keeps a process alive for longer than that.
 */
export class StayAwakeWindow {
  /** The parameters, also handed to the workers so both sides of the boundary use the same ones. */
  readonly config: StayAwakeConfig;
  readonly #state: StayAwakeBackoff;
  readonly #clock: () => number;
  readonly #scheduler: StayAwakeScheduler;
  #pending: unknown = null;
  #closed = false;
  #watched: (() => number)[] = [];

  constructor(
    config: StayAwakeConfig,
    clock: () => number = () => performance.now(),
    scheduler: StayAwakeScheduler = immediateScheduler,
  ) {
    this.config = config;
    this.#state = new StayAwakeBackoff(config);
    this.#clock = clock;
    this.#scheduler = scheduler;
  }

  /** Windows opened and windows that ended with the expected message. */
  get counts(): { windows: number; hits: number } {
    return { windows: this.#state.windows, hits: this.#state.hits };
  }

  /** Main thread: adds one worker thread's count of calls in flight to `callsInFlight()`. */
  watch(inFlight: () => number): void {
    this.#watched.push(inFlight);
  }

  /** Calls in flight across the watched threads (summed, so no counter can drift). */
  callsInFlight(): number {
    let calls = 0;
    for (const inFlight of this.#watched) calls += inFlight();
    return calls;
  }

  /** Whether the loop is being kept awake right now. */
  get polling(): boolean {
    return this.#pending !== null;
  }

  /**
   * `calls` calls were just handed over and their answers are expected soon: stay awake, unless
   * backing off or the worker has too much to do for an answer to come quickly. Returns whether
   * `calls` is few enough for the worker to spin for the next batch after answering.
   */
  expect(calls: number): boolean {
    if (this.#closed || calls > STAY_AWAKE_MAX_CALLS) return false;
    if (this.#state.open(this.#clock()) && this.#pending === null) {
      this.#pending = this.#scheduler.schedule(this.#tick);
    }
    return true;
  }

  /** Main thread, after posting a batch: `expect` with the pool's calls in flight. */
  expectAnswers(): boolean {
    return this.expect(this.callsInFlight());
  }

  /** A message arrived: the window (if any) ends with a hit; the chain stops at its next step. */
  arrived(): void {
    this.#state.arrive(this.#clock());
  }

  /** Stops polling for good (pool closed, thread ending). */
  close(): void {
    this.#closed = true;
    this.#state.cancel();
    if (this.#pending !== null) this.#scheduler.cancel(this.#pending);
    this.#pending = null;
  }

  #tick = (): void => {
    this.#pending = null;
    if (this.#state.poll(this.#clock())) this.#pending = this.#scheduler.schedule(this.#tick);
  };
}
