/** Parameters of a stay-awake window, already validated (see `stay-awake-options.ts`). */
export interface StayAwakeConfig {
  /** How long a thread keeps polling for the message it expects, in microseconds (> 0). */
  windowUs: number;
  /** First pause in opening windows after one ended empty, in milliseconds. */
  backoffMs: number;
  /** Longest pause: each empty window doubles the pause up to this, in milliseconds. */
  maxBackoffMs: number;
}

/**
 * A window opens only with at most this many calls in flight (on the main thread: across the
 * pool; on a worker: in the batch it just answered): with more, answers take longer than a
 * window, and a polling thread would take a core from the threads doing the work (on 2 cores:
 * the main thread and two workers).
 */
export const STAY_AWAKE_MAX_CALLS = 4;

/**
 * When a thread may stay awake. Pure: every method takes the time (`performance.now()`
 * milliseconds), so it is driven by a real clock in the pool and by a fake one in tests.
 *
 * Lifecycle: `open` starts (or extends) a window unless the machine is backing off; `arrive`
 * reports the expected message, which ends the window as a *hit* (or as a miss if it came after
 * the window's end); `poll` says whether the window is still open, and when it finds it ended
 * empty records a *miss*: no window opens for `backoff` ms, and the next miss waits twice as long
 * (up to `maxBackoffMs`). A hit halves the pause (down to `backoffMs`) rather than resetting it,
 * so under steady contention (another process on the core the other thread needs) the rare
 * window that still hits does not undo the back-off the misses built up, while a run of hits at
 * a lone caller's pace (tens of thousands a second) brings it back to `backoffMs` at once.
 * The back-off is what keeps polling from taking a core from threads that have real work.
 */
export class StayAwakeBackoff {
  readonly #windowMs: number;
  readonly #minBackoffMs: number;
  readonly #maxBackoffMs: number;
  /** End of the open window, or -1 when none is open. */
  #openUntil = -1;
  /** No window opens before this time. */
  #quietUntil = Number.NEGATIVE_INFINITY;
  /** The pause the next miss imposes: doubled by a miss, halved by a hit. */
  #backoffMs: number;
  /** Windows opened (extensions of an open window not counted) and windows that ended with a hit. */
  windows = 0;
  hits = 0;

  constructor(config: StayAwakeConfig) {
    this.#windowMs = config.windowUs / 1000;
    this.#minBackoffMs = config.backoffMs;
    this.#maxBackoffMs = config.maxBackoffMs;
    this.#backoffMs = config.backoffMs;
  }

  /** Whether a window is open (it may have run out; `poll` decides). */
  get isOpen(): boolean {
    return this.#openUntil >= 0;
  }

  /** The current pause after a miss, in milliseconds (for tests and monitoring). */
  get backoffMs(): number {
    return this.#backoffMs;
  }

  /** Opens a window at `now`, or extends the open one; false while backing off. */
  open(now: number): boolean {
    if (now < this.#quietUntil) return false;
    if (this.#openUntil < 0) this.windows++;
    this.#openUntil = now + this.#windowMs;
    return true;
  }

  /**
   * The expected message arrived at `now`. Within the window this is a hit: the window ends and the
   * pause a miss would impose halves (not below `backoffMs`). After the window's end (the thread was descheduled, or its loop was busy, and
   * found the message before noticing the window had run out) it is a miss, as in `poll`.
   */
  arrive(now: number): void {
    if (this.#openUntil < 0) return;
    if (now > this.#openUntil) {
      this.#miss(now);
      return;
    }
    this.#openUntil = -1;
    this.hits++;
    this.#backoffMs = Math.max(this.#minBackoffMs, this.#backoffMs / 2);
  }

  /** True while the window is open at `now`; when it ran out empty, records a miss and returns false. */
  poll(now: number): boolean {
    if (this.#openUntil < 0) return false;
    if (now < this.#openUntil) return true;
    this.#miss(now);
    return false;
  }

  /** Ends any open window without counting it as a hit or a miss. */
  cancel(): void {
    this.#openUntil = -1;
  }

  #miss(now: number): void {
    this.#openUntil = -1;
    this.#quietUntil = now + this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.#maxBackoffMs);
  }
}
