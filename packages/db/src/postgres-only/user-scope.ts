/**
 * PostgreSQL-only: every statement of a ledger runs in a transaction that first sets
 * `coffer.user_id` for that transaction only (`set_config(…, true)`), which the row-level
 * security policies compare `user_id` with. Queries also filter on `user_id` themselves (the
 * first wall, and what the indexes lead with); the policies are the second.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PgDatabase } from './pg-schema.js';

/** Scopes the current transaction of `trx` to `userId` (until it ends). */
export async function scopeToUser(trx: Transaction<PgDatabase>, userId: string): Promise<void> {
  await sql`SELECT set_config('coffer.user_id', ${userId}, true)`.execute(trx);
}

/** Transactions scoped to one user (see `PgBackend.scope`). */
export interface UserScope {
  /** Runs `work` in one transaction in which `coffer.user_id` is the scope's user. */
  run<T>(work: (trx: Transaction<PgDatabase>) => Promise<T>): Promise<T>;
  /**
   * Like `run` for `work` that issues exactly one statement: on a server, scope, statement and
   * `COMMIT` are written together (one round trip); a second statement throws instead of running.
   */
  runOne<T>(work: (trx: Transaction<PgDatabase>) => Promise<T>): Promise<T>;
}

/** Runs `work` in a transaction scoped to `userId` (`BEGIN`, `set_config`, then `work`). */
export function withUser<T>(
  db: Kysely<PgDatabase>,
  userId: string,
  work: (trx: Transaction<PgDatabase>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await scopeToUser(trx, userId);
    return work(trx);
  });
}

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** True when `error` is PostgreSQL's unique violation (on `constraint`, when given). */
export function isPgUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}
