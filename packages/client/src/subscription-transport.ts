import type { AppRouter } from '@coffer/api/router';
import {
  createWSClient,
  httpSubscriptionLink,
  type OperationLink,
  type TRPCClientRuntime,
  wsLink,
} from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { SubscriptionTransportKind } from './connection-state.js';
import type { EventSourceConstructor, WebSocketConstructor } from './platform.js';

/** What a transport reports about its connection. `open` means a live connection is confirmed. */
export type TransportSignal =
  | { readonly type: 'open' }
  | { readonly type: 'connecting'; readonly error: Error | null };

/**
 * One way of carrying subscriptions. Lifecycle: created (a WebSocket starts connecting at once),
 * `operationLink` serves any number of subscriptions, `close()` ends its connection and timers.
 */
export interface SubscriptionTransport {
  readonly kind: SubscriptionTransportKind;
  /** tRPC's terminating link for this transport, bound to the client's runtime. */
  operationLink(runtime: TRPCClientRuntime): OperationLink<AppRouter>;
  /** Ends the connection; subscriptions on it stop without an event. Safe to call twice. */
  close(): Promise<void>;
}

/** Options shared by both transports. */
export interface TransportOptions {
  /** `…/trpc` over http(s): SSE uses it as is, the WebSocket with a `ws(s):` scheme. */
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Sent as `connectionParams` (WebSocket: in the first message; SSE: in the query string). */
  readonly connectionParams: () => Promise<Record<string, string> | null>;
  /** Receives the transport's connection changes. */
  readonly onSignal: (signal: TransportSignal) => void;
}

/** Options of {@link createWebSocketTransport}. */
export interface WebSocketTransportOptions extends TransportOptions {
  readonly WebSocket: WebSocketConstructor;
  readonly retryDelayMs: (attempt: number) => number;
  readonly keepAlive: { readonly intervalMs: number; readonly pongTimeoutMs: number };
}

/**
 * Subscriptions over one WebSocket (tRPC's `createWSClient` + `wsLink`), opened at once. When the
 * socket fails, the owner closes this transport and opens another after its own backoff: tRPC's
 * retry sleeps cannot be cancelled, so they are left with nothing to wait for. Only a server's
 * reconnect request is retried inside tRPC (first attempt at once, while the old socket serves).
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): SubscriptionTransport {
  const wsClient = createWSClient({
    url: options.wsUrl,
    WebSocket: options.WebSocket,
    retryDelayMs: (attempt) => (attempt === 0 ? 0 : options.retryDelayMs(attempt)),
    keepAlive: { enabled: true, ...options.keepAlive },
    connectionParams: options.connectionParams,
  });
  const stateSubscription = wsClient.connectionState.subscribe({
    next: (state) => {
      if (state.state === 'pending') options.onSignal({ type: 'open' });
      else if (state.state === 'connecting') options.onSignal({ type: 'connecting', error: state.error });
    },
  });
  const link = wsLink<AppRouter>({ client: wsClient });
  let closing: Promise<void> | undefined;
  return {
    kind: 'websocket',
    operationLink: (runtime) => link(runtime),
    close: () => {
      closing ??= (async () => {
        stateSubscription.unsubscribe();
        await wsClient.close();
      })();
      return closing;
    },
  };
}

/** Options of {@link createSseTransport}. */
export interface SseTransportOptions extends TransportOptions {
  readonly EventSource: EventSourceConstructor;
}

/**
 * Subscriptions over Server-Sent Events (tRPC's `httpSubscriptionLink`): one `EventSource` per
 * subscription, reconnecting on its own. It is `open` once a subscription's stream has started.
 */
export function createSseTransport(options: SseTransportOptions): SubscriptionTransport {
  const link = httpSubscriptionLink<AppRouter, EventSourceConstructor>({
    url: options.httpUrl,
    EventSource: options.EventSource,
    connectionParams: options.connectionParams,
  });
  return {
    kind: 'sse',
    operationLink: (runtime) => {
      const operationLink = link(runtime);
      // Watches the per-subscription connection states the link emits, passing everything on.
      return (opts) =>
        observable((observer) => {
          const subscription = operationLink(opts).subscribe({
            next: (envelope) => {
              const result: { type?: string; state?: string; error?: Error | null } = envelope.result;
              if (result.type === 'state' && result.state === 'pending') options.onSignal({ type: 'open' });
              else if (result.type === 'state' && result.state === 'connecting') {
                options.onSignal({ type: 'connecting', error: result.error ?? null });
              }
              observer.next(envelope);
            },
            error: (error) => observer.error(error),
            complete: () => observer.complete(),
          });
          return () => subscription.unsubscribe();
        });
    },
    // Each EventSource closes when its subscription is unsubscribed.
    close: async () => {},
  };
}
