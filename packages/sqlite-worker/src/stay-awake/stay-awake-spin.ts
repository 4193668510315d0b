import { performance } from 'node:perf_hooks';
import { STAY_AWAKE_MAX_CALLS, StayAwakeBackoff, type StayAwakeConfig } from './stay-awake-backoff.js';

/** Takes the next message off a port without waiting (`receiveMessageOnPort`); undefined when none is queued. */
export type ReceiveNow = () => { message: unknown } | undefined;

/**
 * The worker's side of the stay-awake window: after answering a batch, check the port for the
 * next one in a tight loop for up to `windowUs`, and hand it back to be run at once.
 *
 * A worker thread's event loop has nothing to do but the port, so unlike the main thread's
 * `StayAwakeWindow` it needs no event loop turns between checks: each is a `receiveMessageOnPort`
 * (a lock and a queue check, no system call) and a clock read. That picks the batch up a few
 * microseconds sooner than a `setImmediate` chain would (no `epoll_wait`, no event dispatch), on
 * the critical path of every lone caller's query. The same `StayAwakeBackoff` decides when to
 * spin, so a miss pauses spinning as it pauses the main thread's polling.
 */
export class StayAwakeSpin {
  readonly #state: StayAwakeBackoff;
  readonly #receive: ReceiveNow;
  readonly #clock: () => number;

  constructor(config: StayAwakeConfig, receive: ReceiveNow, clock: () => number = () => performance.now()) {
    this.#state = new StayAwakeBackoff(config);
    this.#receive = receive;
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
    do {
      const received = this.#receive();
      if (received !== undefined) {
        this.#state.arrive(this.#clock());
        return received.message;
      }
    } while (this.#state.poll(this.#clock()));
    return undefined;
  }
}
