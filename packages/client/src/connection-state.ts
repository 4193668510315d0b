/**
 * The live connection's lifecycle: `connecting` until the first connection opens, `open`,
 * `reconnecting` after it was lost (or the token changed) until it opens again, `closed` after
 * `client.close()`.
 */
export type ConnectionPhase = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Which transport carries subscriptions. */
export type SubscriptionTransportKind = 'websocket' | 'sse';

/** A snapshot of the connection, as {@link ConnectionState} holds it. */
export interface ConnectionStatus {
  readonly state: ConnectionPhase;
  /** The transport in use (with `'auto'`, `'sse'` once the WebSocket could not be opened). */
  readonly transport: SubscriptionTransportKind;
  /** Why the connection was lost or could not be opened, while `connecting`/`reconnecting`. */
  readonly error: Error | null;
}

/** A subscribable value: read `current`, or `subscribe` to every change. */
export interface ConnectionState {
  /** The latest status. */
  readonly current: ConnectionStatus;
  /**
   * Calls `listener` with the current status now and with every change after; returns a function
   * that stops the calls.
   */
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
}

/** The client's own writable {@link ConnectionState}. Repeated identical statuses are dropped. */
export class ConnectionStateStore implements ConnectionState {
  #current: ConnectionStatus;
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();

  constructor(initial: ConnectionStatus) {
    this.#current = initial;
  }

  get current(): ConnectionStatus {
    return this.#current;
  }

  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#current);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Publishes a new status; `closed` is final. */
  set(next: ConnectionStatus): void {
    const previous = this.#current;
    if (previous.state === 'closed') return;
    if (
      previous.state === next.state &&
      previous.transport === next.transport &&
      previous.error === next.error
    ) {
      return;
    }
    this.#current = next;
    for (const listener of [...this.#listeners]) listener(next);
  }
}
