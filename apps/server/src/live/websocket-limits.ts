/** Limits of the WebSocket transport. Every field is optional; see each `@default`. */
export interface WebSocketLimits {
  /** Open WebSocket connections, all users together; past it an upgrade gets HTTP 503. @default 10_000 */
  readonly maxConnections?: number;
  /**
   * Open WebSocket connections of one user (counted once the connection presents a valid token);
   * past it the connection gets `TOO_MANY_REQUESTS` and is closed. @default 16
   */
  readonly maxConnectionsPerUser?: number;
  /** Subscriptions one connection may hold; past it a subscription gets `TOO_MANY_REQUESTS`. @default 100 */
  readonly maxSubscriptionsPerConnection?: number;
  /**
   * Calls one WebSocket message may carry (tRPC batches a tick's calls into one message); a bigger
   * message gets `BAD_REQUEST` for each of its calls. At least `maxSubscriptionsPerConnection`, since a
   * reconnecting client re-subscribes everything in one message. @default 100
   */
  readonly maxCallsPerMessage?: number;
  /** Largest WebSocket message, in bytes; a bigger one closes the socket (1009). @default 1_048_576 */
  readonly maxPayloadBytes?: number;
  /**
   * Bytes that may wait in one connection's send buffer. Over it, subscriptions stop producing; if it
   * stays over it for `slowConsumerGraceMs`, the connection is closed with 1013 (try again later) and
   * the client resumes from its last event id. @default 1_048_576
   */
  readonly maxBufferedBytes?: number;
  /** How long a send buffer may stay over `maxBufferedBytes` before the connection is shed. @default 3_000 */
  readonly slowConsumerGraceMs?: number;
  /** A connection with no subscription that has made no call for this long is closed (1000). @default 300_000 */
  readonly idleTimeoutMs?: number;
  /** The server sends `PING` after this long without a message from the client. @default 30_000 */
  readonly pingIntervalMs?: number;
  /** …and terminates the connection if nothing arrives within this long after it. @default 5_000 */
  readonly pongTimeoutMs?: number;
}

/** {@link WebSocketLimits} with defaults applied. */
export type ResolvedWebSocketLimits = Required<WebSocketLimits>;

/** The defaults of {@link WebSocketLimits}, in one place for the config, the server and the docs. */
export const WEBSOCKET_LIMIT_DEFAULTS: ResolvedWebSocketLimits = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerUser: 16,
  maxSubscriptionsPerConnection: 100,
  maxCallsPerMessage: 100,
  maxPayloadBytes: 1_048_576,
  maxBufferedBytes: 1_048_576,
  slowConsumerGraceMs: 3_000,
  idleTimeoutMs: 300_000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 5_000,
});

/** Applies the defaults and validates (`TypeError` naming the option). */
export function resolveWebSocketLimits(limits: WebSocketLimits = {}): ResolvedWebSocketLimits {
  const resolved: { -readonly [K in keyof ResolvedWebSocketLimits]: number } = {
    ...WEBSOCKET_LIMIT_DEFAULTS,
  };
  for (const key of Object.keys(WEBSOCKET_LIMIT_DEFAULTS) as (keyof WebSocketLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`options.webSocket.${key} must be a positive integer`);
    }
    resolved[key] = value;
  }
  if (resolved.maxCallsPerMessage < resolved.maxSubscriptionsPerConnection) {
    throw new TypeError(
      'options.webSocket.maxCallsPerMessage must be at least maxSubscriptionsPerConnection (a reconnect re-subscribes in one message)',
    );
  }
  return resolved;
}
