import { QueryAbortedError, QueryTimeoutError } from '../../errors.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import type { CancellableReader } from './cancellable-reader.js';
import type { QueryCall, QueryCallOwner } from './query-call.js';
import { isStuck, looksLikeRead, pickReader } from './reader-router.js';
import type { WriterGate } from './writer-gate.js';

/** Where one database's statements can run. */
export interface QueryTargets {
  writer: ConnectionHandle;
  readers: readonly ConnectionHandle[];
  /** Runs reads that have a timeout or a signal, away from every other connection's thread. */
  cancellable: CancellableReader;
  gate: WriterGate;
  /** Queues a retry for when a leased reader comes back. */
  waitForReader(retry: () => void): void;
  /** Called once per call when it settles. */
  settled(): void;
}

/**
 * Routes one statement outside a transaction: reads to the best reader (or the idle writer when
 * every reader is busy with a long read), reads with a timeout or signal to the cancellable
 * reader, everything else through the writer gate. No intermediate promises: this is the hot path.
 */
export class QueryRouter implements QueryCallOwner {
  #targets: QueryTargets;
  /** SQL that looked like a read but writes (e.g. `WITH … INSERT`): always sent to the writer. */
  #writeSql = new Set<string>();

  constructor(targets: QueryTargets) {
    this.#targets = targets;
  }

  route(call: QueryCall): void {
    const { readers } = this.#targets;
    if (readers.length > 0 && looksLikeRead(call.sql) && !this.#writeSql.has(call.sql)) this.#read(call);
    else this.#write(call);
  }

  settled(): void {
    this.#targets.settled();
  }

  /** A reader found the statement writes: remember that, and run it on the writer. */
  rerouteToWriter(call: QueryCall): void {
    this.#writeSql.add(call.sql);
    this.#write(call);
  }

  #write(call: QueryCall): void {
    const signal = call.options?.signal;
    if (signal?.aborted) {
      call.reject(new QueryAbortedError(signal.reason));
      return;
    }
    const { writer, gate } = this.#targets;
    call.target(writer, false);
    if (gate.free) writer.thread.enqueue(call);
    else gate.whenFree(() => writer.thread.enqueue(call));
  }

  #read(call: QueryCall): void {
    const options = call.options;
    if (options !== undefined && (options.timeoutMs !== undefined || options.signal !== undefined)) {
      this.#readCancellable(call);
      return;
    }
    const { readers, writer, gate } = this.#targets;
    const reader = pickReader(readers);
    if ((reader === null || isStuck(reader)) && gate.free && writer.inFlight === 0) {
      // Every reader is busy with a long read: the idle writer serves this read rather than let it
      // queue. Safe outside a transaction: the worker runs it before anything sent later.
      this.#write(call);
      return;
    }
    if (reader === null) {
      this.#targets.waitForReader(() => this.#read(call));
      return;
    }
    call.target(reader, true);
    reader.thread.enqueue(call);
  }

  /**
   * A read that may have to be stopped (it has a timeout or a signal) goes to the database's
   * cancellable reader, on a thread where stopping it costs no other database any work.
   */
  #readCancellable(call: QueryCall): void {
    const signal = call.options?.signal;
    if (signal?.aborted) {
      call.reject(new QueryAbortedError(signal.reason));
      return;
    }
    const { cancellable } = this.#targets;
    const handle = cancellable.handle();
    if (handle === null) {
      cancellable.whenResumed(() => this.#read(call));
      return;
    }
    call.target(handle, true);
    armCancellation(call, handle);
    handle.thread.enqueue(call);
  }
}

/**
 * Wires a read's timeout and AbortSignal to cancel it: dropped if not yet sent, otherwise its
 * (cancellation) thread is recycled, since better-sqlite3 cannot interrupt a statement.
 */
function armCancellation(call: QueryCall, reader: ConnectionHandle): void {
  const { signal, timeoutMs } = call.options ?? {};
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => reader.thread.cancel(call, new QueryAbortedError(signal?.reason));
  const cleanup = () => {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  const resolve = call.resolve.bind(call);
  const reject = call.reject.bind(call);
  call.resolve = (payload) => {
    cleanup();
    resolve(payload);
  };
  call.reject = (error) => {
    cleanup();
    reject(error);
  };
  if (timeoutMs !== undefined) {
    timer = setTimeout(() => reader.thread.cancel(call, new QueryTimeoutError(timeoutMs)), timeoutMs);
  }
  signal?.addEventListener('abort', onAbort, { once: true });
}
