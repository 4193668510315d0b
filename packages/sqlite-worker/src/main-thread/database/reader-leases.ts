import type { ConnectionHandle } from '../pool/connection-handle.js';

/**
 * Exclusive use of reader connections: a stream holds its reader until it ends (a cursor blocks
 * its connection), and a rekey holds them all while it closes and reopens them. Plain reads skip
 * leased readers and, when every reader is leased, wait here for one to come back.
 */
export class ReaderLeases {
  readonly readers: readonly ConnectionHandle[];
  #waiters: (() => void)[] = [];

  constructor(readers: readonly ConnectionHandle[]) {
    this.readers = readers;
  }

  /** Takes the least busy free reader, waiting if all are leased. Null when there are no readers. */
  async lease(): Promise<ConnectionHandle | null> {
    if (this.readers.length === 0) return null;
    while (true) {
      let best: ConnectionHandle | null = null;
      for (const reader of this.readers) {
        if (!reader.leased && (best === null || reader.inFlight < best.inFlight)) best = reader;
      }
      if (best !== null) {
        best.leased = true;
        return best;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  release(reader: ConnectionHandle): void {
    reader.leased = false;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Runs `retry` the next time a reader is released. */
  whenReleased(retry: () => void): void {
    this.#waiters.push(retry);
  }

  /** Resolves once none of `handles` has a call in flight (polled: only rekey needs it). */
  async drained(handles: readonly ConnectionHandle[]): Promise<void> {
    while (handles.some((handle) => handle.inFlight > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
