/** Counts running tasks against a global limit and a per-owner limit (tasks without owner: global only). */
export class ConcurrencyLimits {
  readonly #global: number;
  readonly #perOwner: number;
  #running = 0;
  readonly #byOwner = new Map<string, number>();

  constructor(options: { global: number; perOwner: number }) {
    this.#global = options.global;
    this.#perOwner = options.perOwner;
  }

  /** Whether any task may start now (the global limit is not reached). */
  hasCapacity(): boolean {
    return this.#running < this.#global;
  }

  /** Whether a task of `owner` may start now. */
  canStart(owner: string | null): boolean {
    if (this.#running >= this.#global) return false;
    return owner === null || (this.#byOwner.get(owner) ?? 0) < this.#perOwner;
  }

  acquire(owner: string | null): void {
    this.#running += 1;
    if (owner !== null) this.#byOwner.set(owner, (this.#byOwner.get(owner) ?? 0) + 1);
  }

  release(owner: string | null): void {
    this.#running -= 1;
    if (owner === null) return;
    const left = (this.#byOwner.get(owner) ?? 1) - 1;
    if (left === 0) this.#byOwner.delete(owner);
    else this.#byOwner.set(owner, left);
  }
}
