import { ConcurrencyLimit } from './concurrency-limit.js';

/**
 * Bounds on concurrent password key derivations: `unlock`, `createUser`, `changePassword` and
 * `restoreBackup` all take their slots from one gate.
 */
export interface UnlockConcurrencyOptions {
  /** Calls for one username deriving keys at once. @default 1 */
  perUser?: number;
  /** Calls for one username waiting for a slot; more fail fast with `UnlockBusyError`. @default 2 */
  perUserQueue?: number;
  /** Calls deriving keys at once across all usernames. @default 2 */
  total?: number;
  /** Calls waiting for a slot across all usernames; more fail fast. @default 128 */
  totalQueue?: number;
}

/** Validated bounds with defaults applied. */
export type ResolvedUnlockConcurrency = Required<UnlockConcurrencyOptions>;

/** Validates {@link UnlockConcurrencyOptions} (`TypeError` naming the option). */
export function resolveUnlockConcurrency(options: UnlockConcurrencyOptions = {}): ResolvedUnlockConcurrency {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options.unlockConcurrency must be an object');
  }
  const resolved = {
    perUser: options.perUser ?? 1,
    perUserQueue: options.perUserQueue ?? 2,
    total: options.total ?? 2,
    totalQueue: options.totalQueue ?? 128,
  };
  for (const [name, value] of Object.entries(resolved)) {
    const min = name.endsWith('Queue') ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new TypeError(`options.unlockConcurrency.${name} must be an integer ≥ ${min}`);
    }
  }
  return resolved;
}

/**
 * Admits password key-derivation work (`unlock`, `createUser`, `changePassword`,
 * `restoreBackup`): a slot for the username first (so a flood of guesses against one user holds at
 * most `perUser` of the shared slots), then a shared one. Both queues are short and fail fast, so
 * neither guesses nor a flood of registrations can pile up seconds of key derivation in front of
 * the real user.
 */
export class UnlockGate {
  readonly #options: ResolvedUnlockConcurrency;
  readonly #total: ConcurrencyLimit;
  readonly #perUser = new Map<string, ConcurrencyLimit>();

  constructor(options: ResolvedUnlockConcurrency) {
    this.#options = options;
    this.#total = new ConcurrencyLimit(options.total, options.totalQueue);
  }

  /** Runs `work` holding a slot for `username` and a shared slot; `UnlockBusyError` when both queues are full. */
  async run<T>(username: string, work: () => Promise<T>): Promise<T> {
    let limit = this.#perUser.get(username);
    if (!limit) {
      limit = new ConcurrencyLimit(this.#options.perUser, this.#options.perUserQueue);
      this.#perUser.set(username, limit);
    }
    const releases: (() => void)[] = [];
    try {
      releases.push(await limit.acquire());
      releases.push(await this.#total.acquire());
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
      if (limit.idle) this.#perUser.delete(username);
    }
  }
}
