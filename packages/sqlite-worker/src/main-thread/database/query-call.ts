import type { QueryPayload } from '../../protocol/messages.js';
import type { QueryOptions } from '../../types.js';
import { rejectWithCallerStack } from '../pool/caller-stack.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import type { PendingCall } from '../pool/pending-call.js';
import { NotReadonlyError } from '../pool/remote-error.js';

/** What a call reports back to: the database's pending count and the router (to reroute writes). */
export interface QueryCallOwner {
  settled(): void;
  rerouteToWriter(call: QueryCall): void;
}

/**
 * Turns a worker's answer into what the caller's promise resolves with. Module-level functions,
 * not per-call closures (e.g. `toQueryResult`, or the Kysely dialect's own shape, which saves it
 * a second promise and result object per query).
 */
export type ResultShape<T> = (payload: QueryPayload) => T;

type Settle = { resolve: (value: unknown) => void; reject: (error: Error) => void };
/** Filled by `capture`, read right after `new Promise(capture)`: no executor closure per call. */
const captured: Settle = { resolve: () => {}, reject: () => {} };
function capture(resolve: (value: unknown) => void, reject: (error: Error) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/**
 * One `query()` call outside a transaction. It is its own wire request and its own pending-call
 * record, with prototype methods instead of per-call closures: at thousands of concurrent calls,
 * every object that lives until the answer is young-generation GC work.
 */
export class QueryCall implements PendingCall {
  readonly op = 'query';
  id = 0;
  conn = 0;
  readonly sql: string;
  readonly params: readonly unknown[];
  readerOnly = false;
  readonly options: QueryOptions | undefined;
  handle: ConnectionHandle | null = null;
  retryable = false;
  posted = false;
  settled = false;
  /** The caller's promise, created with the call. */
  readonly promise: Promise<unknown>;
  #owner: QueryCallOwner;
  #shape: ResultShape<unknown>;
  #resolve: (value: unknown) => void;
  #reject: (error: Error) => void;

  constructor(
    owner: QueryCallOwner,
    sql: string,
    params: readonly unknown[],
    options: QueryOptions | undefined,
    shape: ResultShape<unknown>,
  ) {
    this.#owner = owner;
    this.sql = sql;
    this.params = params;
    this.options = options;
    this.#shape = shape;
    this.promise = new Promise(capture);
    this.#resolve = captured.resolve;
    this.#reject = captured.reject;
  }

  get request(): this {
    return this;
  }

  /** Points the call at a connection before it is enqueued there. */
  target(handle: ConnectionHandle, readerOnly: boolean): this {
    this.handle = handle;
    this.conn = handle.id;
    this.readerOnly = readerOnly;
    this.retryable = readerOnly;
    this.posted = false;
    return this;
  }

  resolve(payload: QueryPayload): void {
    this.#owner.settled();
    this.#resolve(this.#shape(payload));
  }

  reject(error: Error): void {
    if (error instanceof NotReadonlyError) {
      this.#owner.rerouteToWriter(this);
      return;
    }
    this.#owner.settled();
    rejectWithCallerStack(this.#resolve, this.#reject, error);
  }
}
