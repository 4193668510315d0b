import { InvalidInputError, LoginThrottledError, UnknownUserError, WrongPasswordError } from '../errors.js';
import { type LoginThrottle, throttleKeyDigest } from '../registry/login-throttle.js';
import type { UnlockGate } from './unlock-gate.js';

/** Options of `store.unlock`. */
export interface UnlockOptions {
  /**
   * Extra throttle keys for this attempt besides the username's own (`user:<username>`), e.g.
   * `ip:203.0.113.7`. Each is checked before any key derivation and charged on failure; at most 8,
   * each 1 to 512 characters.
   */
  throttleKeys?: readonly string[];
}

/** The throttle key every unlock of `username` is counted under. */
export function userThrottleKey(username: string): string {
  return `user:${username}`;
}

/**
 * Makes throttling and concurrency part of `unlock`: the attempt waits for a slot (`UnlockGate`),
 * then every key is checked before the password is tried (`LoginThrottledError`), failures
 * (wrong password or unknown user alike) are charged to every key, and a success clears the
 * username's key (other keys, such as an IP, decay with the throttle window).
 */
export class LoginGuard {
  readonly #throttle: LoginThrottle;
  readonly #gate: UnlockGate;

  constructor(throttle: LoginThrottle, gate: UnlockGate) {
    this.#throttle = throttle;
    this.#gate = gate;
  }

  /** Runs `attempt` (which derives a key) for the normalized `username` under the guard. */
  async run<T>(username: string, options: UnlockOptions | undefined, attempt: () => Promise<T>): Promise<T> {
    const keys = [userThrottleKey(username), ...extraKeys(options)];
    return this.#gate.run(username, async () => {
      const decisions = await Promise.all(keys.map((key) => this.#throttle.loginAllowed(key)));
      const wait = Math.max(...decisions.map((d) => (d.allowed ? 0 : d.retryAfterMs)));
      if (wait > 0) throw new LoginThrottledError(wait);
      let result: T;
      try {
        result = await attempt();
      } catch (error) {
        if (error instanceof WrongPasswordError || error instanceof UnknownUserError) {
          for (const key of keys) await this.#throttle.recordLoginFailure(key);
        }
        throw error;
      }
      await this.#throttle.recordLoginSuccess(userThrottleKey(username));
      return result;
    });
  }
}

function extraKeys(options: UnlockOptions | undefined): string[] {
  if (options === undefined) return [];
  if (typeof options !== 'object' || options === null)
    throw new InvalidInputError('options', 'must be an object');
  const keys = options.throttleKeys ?? [];
  if (!Array.isArray(keys) || keys.length > 8) {
    throw new InvalidInputError('throttleKeys', 'must be an array of at most 8 keys');
  }
  for (const key of keys) throttleKeyDigest(key);
  return [...keys];
}
