/**
 * Limits how often one task's progress events go out: the first update in a window is emitted at
 * once, later ones are coalesced into a single trailing emit at the end of the window, and `flush`
 * delivers a pending update right away (before the task's final event), so the last one never drops.
 */
export class ProgressThrottle {
  readonly #intervalMs: number;
  readonly #emit: () => void;
  #lastEmitAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: { intervalMs: number; emit: () => void }) {
    this.#intervalMs = options.intervalMs;
    this.#emit = options.emit;
  }

  /** Call after each progress update. */
  push(): void {
    if (this.#timer !== null) return;
    const wait = this.#lastEmitAt + this.#intervalMs - Date.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#timer = setTimeout(() => this.#fire(), wait);
    this.#timer.unref?.();
  }

  /** Emits a pending update now, if there is one, and stops the timer. */
  flush(): void {
    if (this.#timer === null) return;
    this.#fire();
  }

  #fire(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lastEmitAt = Date.now();
    this.#emit();
  }
}
