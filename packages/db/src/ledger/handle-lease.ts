import { InvalidInputError, LedgerLockedError } from '../errors.js';
import type { ChangeListener, ChangeNotifier } from './change-notifier.js';

/**
 * The lock state and change listeners of one ledger handle, the same on both backends: a handle
 * holds one lease; ending it drops the handle's listeners and makes every later call throw.
 */
export class HandleLease {
  readonly #unsubscribes = new Set<() => void>();
  #ended = false;

  /** True once {@link end} has run. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Throws `LedgerLockedError` once the lease has ended. */
  assertActive(): void {
    if (this.#ended) throw new LedgerLockedError();
  }

  /** Subscribes `listener` to `notifier` until it unsubscribes or the lease ends. */
  subscribe(notifier: ChangeNotifier, listener: ChangeListener): () => void {
    this.assertActive();
    if (typeof listener !== 'function') throw new InvalidInputError('listener', 'must be a function');
    const unsubscribe = notifier.subscribe(listener);
    this.#unsubscribes.add(unsubscribe);
    return () => {
      this.#unsubscribes.delete(unsubscribe);
      unsubscribe();
    };
  }

  /** Ends the lease and drops its listeners; false if it had already ended. */
  end(): boolean {
    if (this.#ended) return false;
    this.#ended = true;
    for (const unsubscribe of this.#unsubscribes) unsubscribe();
    this.#unsubscribes.clear();
    return true;
  }
}
