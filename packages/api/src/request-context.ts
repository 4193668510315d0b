import type { SubscriberConnection } from './live/subscriber-connection.js';

/**
 * The root context type tRPC is initialised with, and so the only context type inside
 * `AppRouter`. It names no server-only type (`services` is opaque here; `procedures.ts` gives it
 * its real type), so a frontend typechecking `AppRouter` never loads the data layer, the query
 * builder or the database executor.
 */
export interface RequestContext {
  /** Correlates the log lines of one HTTP request or one WebSocket connection. */
  readonly requestId: string;
  /** The bearer token the caller presented, if any (authentication checks it, not this). */
  readonly token: string | null;
  /** The caller's IP address, for per-address login throttling. */
  readonly remoteAddress: string | null;
  /** Bytes queued on the caller's WebSocket (export backpressure); `null` over HTTP. */
  readonly bufferedBytes: (() => number) | null;
  /** The WebSocket connection's subscription limits and flow control; `null` over HTTP. */
  readonly connection: SubscriberConnection | null;
  /** The HTTP request's socket (an SSE subscription drops it to shed a slow reader); `null` over WebSocket. */
  readonly httpSocket: { destroy(): void } | null;
  /** The server's services: an `ApiServices`, opaque in this type on purpose. */
  readonly services: object;
}
