type Waiter = { exclusive: false; run: () => void } | { exclusive: true; grant: () => void };

/**
 * Orders work on a database's single writer connection. Autocommit writes are sent straight
 * through (the worker runs them in order); a transaction or a rekey takes the gate exclusively,
 * and writes arriving meanwhile wait so they never run inside someone else's transaction.
 */
export class WriterGate {
  #held = false;
  #waiters: Waiter[] = [];

  /** True while a transaction (or rekey) owns the writer. */
  get held(): boolean {
    return this.#held;
  }

  /** True when an autocommit write may be sent right now. */
  get free(): boolean {
    return !this.#held && this.#waiters.length === 0;
  }

  /** Runs `send` now if the writer is free, else after the current owner releases it (FIFO). */
  run<T>(send: () => Promise<T>): Promise<T> {
    if (!this.#held && this.#waiters.length === 0) return send();
    return new Promise<T>((resolve, reject) => {
      this.#waiters.push({ exclusive: false, run: () => send().then(resolve, reject) });
    });
  }

  /** Like `run` for callers that settle themselves: calls `send` now or once the writer is free. */
  whenFree(send: () => void): void {
    if (!this.#held && this.#waiters.length === 0) send();
    else this.#waiters.push({ exclusive: false, run: send });
  }

  /** Waits for exclusive ownership; call the returned function exactly once to release. */
  acquire(): Promise<() => void> {
    if (!this.#held && this.#waiters.length === 0) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      this.#waiters.push({ exclusive: true, grant: () => resolve(this.#releaser()) });
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held = false;
      this.#drain();
    };
  }

  #drain(): void {
    while (!this.#held && this.#waiters.length > 0) {
      const waiter = this.#waiters.shift()!;
      if (waiter.exclusive) {
        this.#held = true;
        waiter.grant();
      } else {
        waiter.run();
      }
    }
  }
}
