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
  body: (connection: SubscriberConnection | null) => AsyncIterableIterator<T>,
): AsyncIterableIterator<T> {
  const connection = subscriberConnectionOf(ctx);
  if (connection === null) return body(null);
  const release = connection.addSubscription();
  if (release === null) {
    throw new CofferApiError(
      'COFFER_API_TOO_MANY_SUBSCRIPTIONS',
      'This connection holds the most subscriptions allowed; open another connection or unsubscribe first',
    );
  }
  return new GatedIterator(connection, body(connection), release);
}

/**
 * Pulls from `inner` only while the connection is not congested, and releases the subscription's
 * lease when it ends in any way: done, failed, or `return()` (which tRPC also calls on an iterator
 * it disposes before its first `next()`, when a generator's `finally` would not run). A class, not
 * a generator: no generator state and no abort listener per subscription.
 */
class GatedIterator<T> implements AsyncIterableIterator<T> {
  readonly #connection: SubscriberConnection;
  readonly #inner: AsyncIterator<T>;
  #release: (() => void) | null;

  constructor(connection: SubscriberConnection, inner: AsyncIterator<T>, release: () => void) {
    this.#connection = connection;
    this.#inner = inner;
    this.#release = release;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    return this.#connection.congested ? this.#connection.drained().then(this.#pull) : this.#pull();
  }

  return(): Promise<IteratorResult<T>> {
    this.#end();
    return this.#inner.return?.() ?? Promise.resolve({ done: true, value: undefined });
  }

  // The callbacks are fields, not closures made per event.
  readonly #pull = (): Promise<IteratorResult<T>> => this.#inner.next().then(this.#onResult, this.#onError);

  readonly #onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done) this.#end();
    return result;
  };

  readonly #onError = (error: unknown): never => {
    this.#end();
    throw error;
  };

  #end(): void {
    this.#release?.();
    this.#release = null;
  }
}
