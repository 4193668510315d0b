import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InvalidInputError } from '../errors.js';
import type { GlobalDatabase } from './registry-schema.js';

/** Longest throttle key accepted (keys are stored as SHA-256 digests, so storage is fixed anyway). */
export const MAX_THROTTLE_KEY_LENGTH = 512;

/** The stored form of a key: its SHA-256 (base64url), after checking it is a string of 1 to 512 characters. */
export function throttleKeyDigest(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > MAX_THROTTLE_KEY_LENGTH) {
    throw new InvalidInputError('key', `must be a string of 1 to ${MAX_THROTTLE_KEY_LENGTH} characters`);
  }
  return createHash('sha256').update(key).digest('base64url');
}

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

/**
 * Login throttling state kept in the global DB. Keys (`user:<name>`, or an IP the API adds) are
 * stored only as SHA-256 digests; a key longer than 512 characters is refused (`InvalidInputError`).
 */
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
    async loginAllowed(rawKey) {
      const key = throttleKeyDigest(rawKey);
      const row = await db
        .selectFrom('login_throttle')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      return decide(row?.locked_until ?? 0);
    },
    async recordLoginFailure(rawKey) {
      const key = throttleKeyDigest(rawKey);
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
    async recordLoginSuccess(rawKey) {
      const key = throttleKeyDigest(rawKey);
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}
