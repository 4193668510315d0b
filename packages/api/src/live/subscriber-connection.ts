/**
 * What a subscription needs from the connection that carries it. The transport implements it: the
 * server's WebSocket guard (`apps/server`), or, for an SSE stream, {@link sseSubscriberConnection}.
 *
 * Lifecycle: a subscription calls `addSubscription()` when it starts and releases the lease when it
 * ends; between two events it checks `congested` and, when set, waits for `drained()`; when its
 * own queue overflows it calls `shed()`, after which the connection ends and the client resumes
 * elsewhere (or here, after a backoff) from its last event id.
 */
export interface SubscriberConnection {
  /**
   * True while the connection's send buffer is over its cap (or, for a transport that shares the
   * event loop out, while the connection has spent its share of the current turn): a subscription
   * stops producing. Read once per event, before pulling it.
   */
  readonly congested: boolean;
  /** Resolves once the subscription may produce again (buffer drained, next turn), or the connection has ended. */
  drained(): Promise<void>;
  /**
   * Counts one more subscription on this connection; returns its release function (idempotent), or
   * `null` when the connection already holds its maximum.
   */
  addSubscription(): (() => void) | null;
  /**
   * Cuts the connection because a consumer fell too far behind (WebSocket: close code 1013, try
   * again later; SSE: the stream is dropped and the EventSource reconnects with `Last-Event-ID`).
   */
  shed(reason: string): void;
}

/** The part of a socket an SSE stream's {@link SubscriberConnection} needs. */
export interface DestroyableSocket {
  destroy(): void;
}

const released = () => {};

/**
 * The {@link SubscriberConnection} of one SSE response. The response stream is pulled only as fast
 * as the socket drains (tRPC's SSE stream is a pull-based `ReadableStream`), so it is never
 * `congested` here: a stalled reader stops the pulls, the subscription's queue fills and overflows,
 * and `shed()` drops the socket, so the browser's `EventSource` reconnects with `Last-Event-ID`.
 * An SSE request carries one subscription, so there is nothing to count.
 */
export function sseSubscriberConnection(socket: DestroyableSocket): SubscriberConnection {
  return {
    congested: false,
    drained: () => Promise.resolve(),
    addSubscription: () => released,
    shed: () => socket.destroy(),
  };
}
