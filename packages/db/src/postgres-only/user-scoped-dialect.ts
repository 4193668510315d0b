/**
 * PostgreSQL-only (server backend): a Kysely dialect over the store's shared `pg` pool whose
 * transactions start already scoped to one user. `BEGIN` and the transaction-local
 * `set_config('coffer.user_id', …, true)` go to the server as ONE simple-protocol message, so a
 * scoped statement costs three round trips (that message, the statement, `COMMIT`) instead of
 * four. The user id is the only value written into that text, and only after it matched the
 * canonical UUID form, so nothing else can reach the statement.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';

/** The canonical text form of a UUID (what `randomUUID` makes and PostgreSQL prints). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one message that opens a transaction scoped to `userId` (a validated UUID). */
export function scopedBeginSql(userId: string): string {
  if (typeof userId !== 'string' || !UUID.test(userId)) {
    throw new TypeError('a ledger user id must be a UUID');
  }
  return `BEGIN; SELECT set_config('coffer.user_id', '${userId}', true)`;
}

/** `PostgresDriver` whose transactions begin scoped to one user; the pool belongs to the caller. */
class UserScopedDriver extends PostgresDriver {
  readonly #begin: CompiledQuery;

  constructor(pool: pg.Pool, userId: string) {
    super({ pool });
    this.#begin = CompiledQuery.raw(scopedBeginSql(userId));
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      throw new TypeError('user-scoped transactions run at the default isolation level');
    }
    await connection.executeQuery(this.#begin);
  }

  /** The shared pool outlives every scope: the backend ends it. */
  override async destroy(): Promise<void> {}
}

/** A dialect whose Kysely runs user-scoped transactions on the shared `pool`. */
export class UserScopedDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #userId: string;

  constructor(pool: pg.Pool, userId: string) {
    super({ pool });
    scopedBeginSql(userId); // fail here, not at the first transaction
    this.#pool = pool;
    this.#userId = userId;
  }

  override createDriver(): Driver {
    return new UserScopedDriver(this.#pool, this.#userId);
  }
}
