/**
 * PostgreSQL-only (server backend): a Kysely dialect over the store's shared `pg` pool whose
 * transactions start already scoped to one user. `BEGIN` and the transaction-local
 * `set_config('coffer.user_id', …, true)` go to the server as ONE simple-protocol message, and
 * on a pipelining pool (`pg`'s `pipeline: true`) that message is not waited for: the
 * transaction's first statement is written right behind it and both answers are read together
 * (two round trips for a one-statement transaction, with `COMMIT`). With `oneStatement`, `COMMIT`
 * is written behind that statement too (one round trip), and a second statement is refused.
 * Every scoped statement used to take four (`BEGIN`, `set_config`, the statement, `COMMIT`).
 *
 * Why this stays a wall: the server runs a connection's messages in order, so no statement runs
 * before the setting; if the scoping message failed, the statement fails in the aborted
 * transaction and the scoping error is thrown; the setting is transaction-local, and the
 * connection goes back to the pool only after every answer (`COMMIT` included) is read, so the
 * next borrower finds none. The user id is the only value written into the scoping text, and only
 * after it matched the canonical UUID form.
 */
import {
  AbortedTransactionError,
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

const COMMIT = CompiledQuery.raw('COMMIT');

/** Thrown when a one-statement scope is asked for a second statement (it would run unscoped). */
export class OneStatementScopeError extends Error {
  constructor() {
    super('a one-statement user scope ran a second statement');
    this.name = 'OneStatementScopeError';
  }
}

/** A pooled connection whose scoping message may still be unanswered. */
class ScopedConnection implements DatabaseConnection {
  readonly inner: PgConnection;
  /** Statements are written without waiting for earlier answers (`pg`'s `pipeline`). */
  readonly #pipelined: boolean;
  /** Write `COMMIT` right behind the transaction's one statement and refuse any other. */
  readonly #oneStatement: boolean;
  #scoping: Promise<unknown> | null = null;
  /** The `COMMIT` written behind the one statement, until `commit` reads its answer. */
  #commit: Promise<QueryResult<unknown>> | null = null;
  #statements = 0;

  constructor(inner: PgConnection, pipelined: boolean, oneStatement: boolean) {
    this.inner = inner;
    this.#pipelined = pipelined;
    this.#oneStatement = oneStatement;
  }

  /** Writes the scoping message; when pipelined, its answer is read with the next statement's. */
  async begin(scoping: CompiledQuery): Promise<void> {
    this.#statements = 0;
    if (!this.#pipelined) {
      await this.inner.executeQuery(scoping);
      return;
    }
    const sent = this.inner.executeQuery(scoping);
    sent.catch(() => undefined); // read (and thrown) by `executeQuery` or `settle`
    this.#scoping = sent;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#oneStatement && this.#statements > 0 && query !== COMMIT) throw new OneStatementScopeError();
    this.#statements += 1;
    const scoping = this.#scoping;
    if (scoping === null) return this.inner.executeQuery<R>(query);
    this.#scoping = null;
    // Written now, behind the scoping message (pipelined); answered after it.
    const result = this.inner.executeQuery<R>(query);
    if (this.#oneStatement && this.#pipelined && query !== COMMIT) {
      const commit = this.inner.executeQuery(COMMIT);
      commit.catch(() => undefined); // read (and thrown) by `commit` or `settle`
      this.#commit = commit;
    }
    const [scoped, answer] = await Promise.allSettled([scoping, result]);
    if (scoped.status === 'rejected') throw scoped.reason;
    if (answer.status === 'rejected') throw answer.reason;
    return answer.value;
  }

  /** Ends the transaction: reads the answer of a `COMMIT` already written, else writes one. */
  async commit(): Promise<void> {
    const written = this.#commit;
    this.#commit = null;
    const { rows } = await (written ?? this.executeQuery(COMMIT));
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement aborted the transaction.
    if ((rows[0] as { command?: string } | undefined)?.command === 'ROLLBACK')
      throw new AbortedTransactionError();
  }

  /** True once a `COMMIT` is on the wire (the transaction ends without a `ROLLBACK`). */
  get ending(): boolean {
    return this.#commit !== null;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Waits for unanswered scoping and `COMMIT` messages, whatever their answers (before a rollback). */
  async settle(): Promise<void> {
    const pending = [this.#scoping, this.#commit];
    this.#scoping = null;
    this.#commit = null;
    for (const answer of pending) await answer?.catch(() => undefined);
  }
}

/** `PostgresDriver` whose transactions begin scoped to one user; the pool belongs to the caller. */
class UserScopedDriver extends PostgresDriver {
  readonly #scoping: CompiledQuery;
  readonly #pipelined: boolean;
  readonly #oneStatement: boolean;

  constructor(pool: pg.Pool, userId: string, pipelined: boolean, oneStatement: boolean) {
    super({ pool });
    this.#scoping = CompiledQuery.raw(scopedBeginSql(userId));
    this.#pipelined = pipelined;
    this.#oneStatement = oneStatement;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = (await super.acquireConnection()) as PgConnection;
    return new ScopedConnection(inner, this.#pipelined, this.#oneStatement);
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      throw new TypeError('user-scoped transactions run at the default isolation level');
    }
    await (connection as ScopedConnection).begin(this.#scoping);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ScopedConnection).commit();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    // A written COMMIT ends the transaction either way (as ROLLBACK if it was aborted).
    const ending = scoped.ending;
    await scoped.settle();
    if (!ending) await super.rollbackTransaction(scoped.inner);
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection((connection as ScopedConnection).inner);
  }

  /** The shared pool outlives every scope: the backend ends it. */
  override async destroy(): Promise<void> {}
}

/** Options of {@link UserScopedDialect}. */
export interface UserScopedDialectOptions {
  /**
   * Each transaction runs exactly one statement, with `COMMIT` written right behind it (on a
   * pipelining pool: scope, statement and `COMMIT` in one round trip); a second statement throws
   * `OneStatementScopeError` instead of running after the commit. @default false
   */
  readonly oneStatement?: boolean;
}

/** A dialect whose Kysely runs user-scoped transactions on the shared `pool`. */
export class UserScopedDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #userId: string;
  readonly #oneStatement: boolean;

  constructor(pool: pg.Pool, userId: string, options: UserScopedDialectOptions = {}) {
    super({ pool });
    scopedBeginSql(userId); // fail here, not at the first transaction
    this.#pool = pool;
    this.#userId = userId;
    this.#oneStatement = options.oneStatement === true;
  }

  override createDriver(): Driver {
    // Only a pipelining client writes a statement before the previous one is answered.
    const pipelined = (this.#pool.options as { pipeline?: boolean }).pipeline === true;
    return new UserScopedDriver(this.#pool, this.#userId, pipelined, this.#oneStatement);
  }
}
