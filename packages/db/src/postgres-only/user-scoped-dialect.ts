/**
 * PostgreSQL-only (server backend): a Kysely dialect over the store's shared `pg` pool whose
 * transactions start already scoped to one user. `BEGIN` and the transaction-local
 * `set_config('coffer.user_id', …, true)` go to the server as ONE simple-protocol message, and
 * on a pipelining pool (`pg`'s `pipeline: true`) that message is not waited for: the
 * transaction's first statement is written right behind it and both answers are read together.
 * A one-statement read therefore costs two round trips (scope + statement, then `COMMIT`)
 * instead of four. The server runs the messages of a connection in order, so the statement
 * cannot run before the scope; if the scope failed, the statement fails in the aborted
 * transaction and the scope's error is thrown. The user id is the only value written into the
 * scoping text, and only after it matched the canonical UUID form.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  PostgresDriver,
  type QueryResult,
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

/** Kysely's connection over one pooled `pg` client (its class is not exported). */
type PgConnection = Parameters<PostgresDriver['releaseConnection']>[0];

/** A pooled connection whose scoping message may still be unanswered. */
class ScopedConnection implements DatabaseConnection {
  readonly inner: PgConnection;
  #scoping: Promise<unknown> | null = null;

  constructor(inner: PgConnection) {
    this.inner = inner;
  }

  /** Writes the scoping message; its answer is read with the next statement's. */
  begin(scoping: CompiledQuery): void {
    const sent = this.inner.executeQuery(scoping);
    sent.catch(() => undefined); // read (and thrown) by `executeQuery` or `settle`
    this.#scoping = sent;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const scoping = this.#scoping;
    if (scoping === null) return this.inner.executeQuery<R>(query);
    this.#scoping = null;
    // Written now, behind the scoping message (pipelined); answered after it.
    const [scoped, result] = await Promise.allSettled([scoping, this.inner.executeQuery<R>(query)]);
    if (scoped.status === 'rejected') throw scoped.reason;
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Waits for an unanswered scoping message, whatever its answer (before a rollback). */
  async settle(): Promise<void> {
    const scoping = this.#scoping;
    this.#scoping = null;
    await scoping?.catch(() => undefined);
  }
}

/** `PostgresDriver` whose transactions begin scoped to one user; the pool belongs to the caller. */
class UserScopedDriver extends PostgresDriver {
  readonly #scoping: CompiledQuery;
  readonly #pipelined: boolean;

  constructor(pool: pg.Pool, userId: string, pipelined: boolean) {
    super({ pool });
    this.#scoping = CompiledQuery.raw(scopedBeginSql(userId));
    this.#pipelined = pipelined;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new ScopedConnection((await super.acquireConnection()) as PgConnection);
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      throw new TypeError('user-scoped transactions run at the default isolation level');
    }
    const scoped = connection as ScopedConnection;
    if (this.#pipelined) scoped.begin(this.#scoping);
    else await scoped.executeQuery(this.#scoping);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    await scoped.settle();
    await super.rollbackTransaction(scoped.inner);
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection((connection as ScopedConnection).inner);
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
    // Only a pipelining client writes a statement before the previous one is answered.
    const pipelined = (this.#pool.options as { pipeline?: boolean }).pipeline === true;
    return new UserScopedDriver(this.#pool, this.#userId, pipelined);
  }
}
