import { performance } from 'node:perf_hooks';
import { STAY_AWAKE_MAX_CALLS, StayAwakeBackoff, type StayAwakeConfig } from './stay-awake-backoff.js';

/** Where the spin looks for the next batch. */
export interface SpinSource {
  /** Takes the next message off the port without waiting (`receiveMessageOnPort`); undefined when none is queued. */
  receive(): { message: unknown } | undefined;
  /** Batches posted so far (`PostedBatches#read`): checked without a lock, the port only when it changes. */
  posted(): number;
}

/**
 * The worker's side of the stay-awake window: after answering a batch, check the port for the
 * next one in a tight loop for up to `windowUs`, and hand it back to be run at once.
 *
 * A worker thread's event loop has nothing to do but the port, so unlike the main thread's
 * `StayAwakeWindow` it needs no event loop turns between checks: each is a read of the shared
 * count of posted batches and a clock read, and only when the count moves does it take the batch
 * off the port (`receiveMessageOnPort`). That picks the batch up a few microseconds sooner than a
 * `setImmediate` chain would (no `epoll_wait`, no event dispatch), on the critical path of every
 * lone caller's query, and never holds the port's lock against the main thread's `postMessage`
 * (see `PostedBatches`). The same `StayAwakeBackoff` decides when to spin, so a miss pauses
 * spinning as it pauses the main thread's polling.
 */
export class StayAwakeSpin {
  readonly #state: StayAwakeBackoff;
  readonly #source: SpinSource;
  readonly #clock: () => number;

  constructor(config: StayAwakeConfig, source: SpinSource, clock: () => number = () => performance.now()) {
    this.#state = new StayAwakeBackoff(config);
    this.#source = source;
    this.#clock = clock;
  }

  /** Windows opened and windows that ended with the expected message. */
  get counts(): { windows: number; hits: number } {
    return { windows: this.#state.windows, hits: this.#state.hits };
  }

  /**
   * Just answered `calls` calls of a batch the main thread marked: spin for the next batch unless
   * backing off or the batch was too big for a quick follow-up. Returns the next batch, or
   * undefined to go back to the event loop (which then sleeps until a message comes).
   */
  next(calls: number): unknown {
    if (calls > STAY_AWAKE_MAX_CALLS || !this.#state.open(this.#clock())) return undefined;
    const source = this.#source;
    // Read the count before the port: a batch counted later is queued after this check.
    let seen = source.posted();
    let received = source.receive();
    while (received === undefined) {
      if (!this.#state.poll(this.#clock())) return undefined;
      const posted = source.posted();
      if (posted !== seen) {
        seen = posted;
        received = source.receive();
      }
    }
    this.#state.arrive(this.#clock());
    return received.message;
  }
}
