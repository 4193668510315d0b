import { UnlockBusyError } from '../errors.js';

/**
 * A counting semaphore with a bounded wait queue: at most `max` holders, at most `maxQueued`
 * waiters; one more caller fails at once with `UnlockBusyError` instead of waiting behind them.
 */
export class ConcurrencyLimit {
  readonly #max: number;
  readonly #maxQueued: number;
  readonly #queue: (() => void)[] = [];
  #active = 0;

  constructor(max: number, maxQueued: number) {
    this.#max = max;
    this.#maxQueued = maxQueued;
  }

  /** True when nobody holds or waits for a slot. */
  get idle(): boolean {
    return this.#active === 0 && this.#queue.length === 0;
  }

  /** Waits for a slot; resolves with its release function (idempotent). */
  acquire(): Promise<() => void> {
    if (this.#active < this.#max) {
      this.#active += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.#maxQueued) return Promise.reject(new UnlockBusyError());
    return new Promise((resolve) => this.#queue.push(() => resolve(this.#releaser())));
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // The slot passes straight to the next waiter, so `#active` only drops when nobody waits.
      if (next) next();
      else this.#active -= 1;
    };
  }
}
