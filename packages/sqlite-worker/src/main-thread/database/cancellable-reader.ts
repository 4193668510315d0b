import type { OpenSpec } from '../../protocol/messages.js';
import { ConnectionHandle } from '../pool/connection-handle.js';
import type { ThreadHandle } from '../pool/thread-handle.js';

/** Where a database's cancellable-read connection lives: the pool's cancellation thread. */
export interface CancellationLane {
  /** The pool's cancellation thread (started on first use). */
  thread(): ThreadHandle;
  /** A fresh pool-wide connection id. */
  nextConnectionId(): number;
}

/**
 * The read-only connection that runs a database's reads with a `timeoutMs` or an `AbortSignal`.
 * better-sqlite3 cannot interrupt a statement, so a read that must stop stops with its thread.
 * These connections live on the pool's cancellation thread, which hosts nothing else and is only
 * ever sent plain reads (plus opening and closing these connections, all idempotent): recycling it
 * re-sends the other reads that were on it and can cost no database a write, a transaction or a
 * stream. Opened on the first cancellable read, with the database's current key.
 */
export class CancellableReader {
  #lane: CancellationLane;
  #spec: () => OpenSpec;
  #handle: ConnectionHandle | null = null;
  /** Set while a rekey has the connection closed; reads wait for `resume`. */
  #suspended = false;
  #waiters: (() => void)[] = [];

  constructor(lane: CancellationLane, spec: () => OpenSpec) {
    this.#lane = lane;
    this.#spec = spec;
  }

  /** The connection, opened on first use; null while suspended (then `whenResumed`). */
  handle(): ConnectionHandle | null {
    if (this.#suspended) return null;
    if (this.#handle === null) {
      const spec = { ...this.#spec(), readonly: true };
      const handle = new ConnectionHandle(this.#lane.nextConnectionId(), this.#lane.thread(), spec);
      // Not awaited: the worker runs the open before the read queued right behind it. If the open
      // fails that read fails too, and the next cancellable read opens again.
      handle.thread.send({ op: 'open', conn: handle.id, spec }, handle, true).catch(() => {
        if (this.#handle === handle) this.#handle = null;
      });
      this.#handle = handle;
    }
    return this.#handle;
  }

  /** Runs `retry` once a rekey has finished with the connection. */
  whenResumed(retry: () => void): void {
    this.#waiters.push(retry);
  }

  /** For a rekey: stops routing reads here, waits for those in flight, closes the connection. */
  async suspend(): Promise<void> {
    this.#suspended = true;
    await this.close();
  }

  /** After a rekey: the next read reopens the connection with the database's current key. */
  resume(): void {
    this.#suspended = false;
    for (const retry of this.#waiters.splice(0)) retry();
  }

  /** Closes the connection once its reads are answered (database close or rekey). */
  async close(): Promise<void> {
    const handle = this.#handle;
    if (handle === null) return;
    while (handle.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    this.#handle = null;
    await handle.thread.send({ op: 'close', conn: handle.id, optimize: false }, handle, true).catch(() => {});
  }
}
