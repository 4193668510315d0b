import type { DriverStatement } from '../driver-types.js';
import { normalizeError } from './normalize-error.js';
import type { SignalDatabase, SignalStatement } from './signal-sqlcipher-api.js';
import { profileStatement, type StatementProfile } from './statement-profile.js';

/**
 * A `@signalapp/sqlcipher` statement behind the better-sqlite3-shaped {@link DriverStatement}.
 * `reader`/`readonly` come from the statement's program, read on first use.
 */
export class SignalStatementAdapter implements DriverStatement {
  readonly #db: SignalDatabase;
  readonly #sql: string;
  readonly #statement: SignalStatement;
  #profile: StatementProfile | null = null;

  constructor(db: SignalDatabase, sql: string) {
    this.#db = db;
    this.#sql = sql;
    // persistent: the binding then builds rows with a per-shape compiled factory (its fast path).
    this.#statement = guard(() => db.prepare(sql, { persistent: true }));
  }

  get reader(): boolean {
    return this.#readProfile().reader;
  }

  get readonly(): boolean {
    return this.#readProfile().readonly;
  }

  all(...params: unknown[]): unknown[] {
    const bound = bindable(params);
    return guard(() => this.#statement.all(bound));
  }

  run(...params: unknown[]): { changes: number; lastInsertRowid: number } {
    const bound = bindable(params);
    return guard(() => this.#statement.run(bound));
  }

  /**
   * The binding has no cursor API, so a stream is read in full inside the worker and handed out
   * chunk by chunk: memory is bounded by the result's size, not by the chunk size.
   */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.all(...params)[Symbol.iterator]();
  }

  #readProfile(): StatementProfile {
    this.#profile ??= profileStatement(this.#db, this.#sql);
    return this.#profile;
  }
}

/** Runs a binding call, giving its errors better-sqlite3's message shape. */
export function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw normalizeError(error);
  }
}

/**
 * better-sqlite3 call shapes → the binding's: `(array)` and `(object)` pass through (anonymous and
 * named placeholders), anything else is the list of anonymous values (`run(path)`, `run()`).
 */
function bindable(params: unknown[]): readonly unknown[] | Readonly<Record<string, unknown>> {
  if (params.length !== 1) return params;
  const only = params[0];
  if (Array.isArray(only)) return only;
  if (typeof only === 'object' && only !== null && !ArrayBuffer.isView(only)) {
    return only as Readonly<Record<string, unknown>>;
  }
  return params;
}
