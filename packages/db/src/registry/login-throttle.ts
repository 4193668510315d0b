import type { Kysely } from 'kysely';
import type { GlobalDatabase } from './registry-schema.js';

/** Throttling policy for failed logins. */
export interface LoginThrottleOptions {
  /** Failures allowed before a lockout. @default 5 */
  maxFailures?: number;
  /** Failures older than this are forgotten. @default 900000 (15 min) */
  windowMs?: number;
  /** First lockout; doubles with every further failure. @default 30000 */
  baseLockoutMs?: number;
  /** Longest lockout. @default 900000 (15 min) */
  maxLockoutMs?: number;
}

/** Whether a login may be attempted now, and if not, for how long to wait. */
export interface LoginDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/** Login throttling state kept in the global DB; the API decides which keys (username, IP) to use. */
export interface LoginThrottle {
  /** May a login for `key` be attempted now? */
  loginAllowed(key: string): Promise<LoginDecision>;
  /** Records a failed attempt; returns the decision for the next attempt. */
  recordLoginFailure(key: string): Promise<LoginDecision>;
  /** Forgets the failures of `key` (after a successful login). */
  recordLoginSuccess(key: string): Promise<void>;
}

/** Builds the throttle over the global DB. `now` is injectable for tests. */
export function createLoginThrottle(
  db: Kysely<GlobalDatabase>,
  options: LoginThrottleOptions = {},
  now: () => number = Date.now,
): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const baseLockoutMs = options.baseLockoutMs ?? 30_000;
  const maxLockoutMs = options.maxLockoutMs ?? 15 * 60_000;
  for (const [name, value] of Object.entries({ maxFailures, windowMs, baseLockoutMs, maxLockoutMs })) {
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`options.throttle.${name} must be a positive integer`);
  }

  const decide = (lockedUntil: number): LoginDecision => {
    const wait = lockedUntil - now();
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true, retryAfterMs: 0 };
  };

  return {
    async loginAllowed(key) {
      const row = await db
        .selectFrom('login_throttle')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      return decide(row?.locked_until ?? 0);
    },
    async recordLoginFailure(key) {
      return db.transaction().execute(async (trx) => {
        const at = now();
        const row = await trx
          .selectFrom('login_throttle')
          .selectAll()
          .where('key', '=', key)
          .executeTakeFirst();
        const failures = row && at - row.last_failure_at < windowMs ? row.failures + 1 : 1;
        const over = failures - maxFailures;
        const lockedUntil =
          over >= 0 ? at + Math.min(baseLockoutMs * 2 ** Math.min(over, 30), maxLockoutMs) : 0;
        const values = { key, failures, last_failure_at: at, locked_until: lockedUntil };
        await trx
          .insertInto('login_throttle')
          .values(values)
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ failures, last_failure_at: at, locked_until: lockedUntil }),
          )
          .execute();
        return decide(lockedUntil);
      });
    },
    async recordLoginSuccess(key) {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}
