import type { ConnectionHandle } from '../pool/connection-handle.js';
import type { PendingCall } from '../pool/pending-call.js';
import { NotReadonlyError } from '../pool/remote-error.js';
import type { QueryPayload } from '../protocol/messages.js';
import type { QueryOptions, QueryResult } from '../types.js';

/** What a call reports back to: the database's pending count and the router (to reroute writes). */
export interface QueryCallOwner {
  settled(): void;
  rerouteToWriter(call: QueryCall): void;
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
  #owner: QueryCallOwner;
  #resolve: (result: QueryResult<unknown>) => void;
  #reject: (error: Error) => void;

  constructor(
    owner: QueryCallOwner,
    sql: string,
    params: readonly unknown[],
    options: QueryOptions | undefined,
    settle: { resolve: (result: QueryResult<unknown>) => void; reject: (error: Error) => void },
  ) {
    this.#owner = owner;
    this.sql = sql;
    this.params = params;
    this.options = options;
    this.#resolve = settle.resolve;
    this.#reject = settle.reject;
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
    this.#resolve({ rows: payload.rows, changes: payload.changes, lastInsertRowid: payload.lastInsertRowid });
  }

  reject(error: Error): void {
    if (error instanceof NotReadonlyError) {
      this.#owner.rerouteToWriter(this);
      return;
    }
    this.#owner.settled();
    this.#reject(error);
  }
}
