import { CofferApiError } from '../errors.js';
import { type SubscriberConnection, sseSubscriberConnection } from './subscriber-connection.js';

/** What {@link liveStream} needs from the procedure's context. */
export interface LiveStreamContext {
  readonly connection: SubscriberConnection | null;
  readonly httpSocket: { destroy(): void } | null;
}

/** The connection carrying a subscription: the WebSocket's guard, or the SSE response's socket. */
export function subscriberConnectionOf(ctx: LiveStreamContext): SubscriberConnection | null {
  if (ctx.connection !== null) return ctx.connection;
  return ctx.httpSocket === null ? null : sseSubscriberConnection(ctx.httpSocket);
}

/**
 * Runs every subscription body under its connection's limits: it counts against the connection's
 * subscription limit (over it: `COFFER_API_TOO_MANY_SUBSCRIPTIONS`, raised when the procedure is
 * called, before anything is streamed), and it pulls its next value only while the connection's
 * send buffer is under its cap. So a reader that stops reading stops the producers instead of
 * filling the server's memory; their small queues overflow (and shed the connection) or, for
 * `live.changes`, fall back to the change log.
 */
export function liveStream<T>(
  ctx: LiveStreamContext,
  signal: AbortSignal | undefined,
  body: (connection: SubscriberConnection | null) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  const connection = subscriberConnectionOf(ctx);
  if (connection === null) return passThrough(body(null));
  const release = connection.addSubscription();
  if (release === null) {
    throw new CofferApiError(
      'COFFER_API_TOO_MANY_SUBSCRIPTIONS',
      'This connection holds the most subscriptions allowed; open another connection or unsubscribe first',
    );
  }
  // A generator that is disposed before its first `next()` never runs its `finally`: the signal
  // (aborted by the transport on stop and on close) releases the lease in that case.
  signal?.addEventListener('abort', release, { once: true });
  return gated(connection, body(connection), () => {
    signal?.removeEventListener('abort', release);
    release();
  });
}

async function* passThrough<T>(iterable: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  yield* iterable;
}

async function* gated<T>(
  connection: SubscriberConnection,
  iterable: AsyncIterable<T>,
  release: () => void,
): AsyncGenerator<T, void, undefined> {
  try {
    for await (const value of iterable) {
      yield value;
      if (connection.congested) await connection.drained();
    }
  } finally {
    release();
  }
}
