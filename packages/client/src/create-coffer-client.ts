import type { AppRouter } from '@coffer/api';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  type TRPCClientError,
  wsLink,
} from '@trpc/client';
import { defaultWebSocket, type WebSocketConstructor } from './websocket-constructor.js';

/** A token, or a function returning the current one (called for every request and reconnect). */
export type TokenSource = string | null | (() => string | null | undefined);

/** The WebSocket connection's state, as `onConnectionStateChange` reports it. */
export type ConnectionState = 'idle' | 'connecting' | 'open';

/** Options of {@link createCofferClient}. */
export interface CofferClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:4400`. The API lives under `basePath`. */
  readonly url: string | URL;
  /** Path prefix of the API on the server. @default '/trpc' */
  readonly basePath?: string;
  /** Sent as `Authorization: Bearer` over HTTP and as `connectionParams.token` over WebSocket. */
  readonly token?: TokenSource;
  /** `WebSocket` implementation. @default the platform's, or the `ws` package's on Node 20 */
  readonly WebSocket?: WebSocketConstructor;
  /** Most procedures sent in one HTTP batch. @default 20 */
  readonly maxBatchItems?: number;
  /** Delay before reconnect attempt `n` (0-based). @default exponential: 0 ms, 1 s, 2 s, … capped at 30 s */
  readonly retryDelayMs?: (attempt: number) => number;
  /** Called when the WebSocket connection changes state, with the error that caused it, if any. */
  readonly onConnectionStateChange?: (
    state: ConnectionState,
    error: TRPCClientError<AppRouter> | null,
  ) => void;
}

/** The typed client: `trpc` is the tRPC proxy; `close()` ends the WebSocket connection. */
export interface CofferClient {
  /** Typed procedures: `await client.trpc.system.health.query()`. */
  readonly trpc: TRPCClient<AppRouter>;
  /** Closes the WebSocket connection (ends every subscription). HTTP calls keep working. */
  close(): Promise<void>;
}

/**
 * Creates a client for a Coffer server: subscriptions go over one WebSocket (opened lazily on the
 * first subscription, reconnecting with backoff and resuming tracked subscriptions), everything
 * else is batched over HTTP.
 *
 * @example
 * ```ts
 * const client = createCofferClient({ url: 'http://127.0.0.1:4400' });
 * const health = await client.trpc.system.health.query();
 * const sub = client.trpc.system.clock.subscribe({ intervalMs: 1000 }, { onData: (t) => console.log(t.data.now) });
 * ```
 */
export function createCofferClient(options: CofferClientOptions): CofferClient {
  const { httpUrl, wsUrl } = endpoints(options.url, options.basePath ?? '/trpc');
  const currentToken = () => (typeof options.token === 'function' ? options.token() : options.token) ?? null;

  const wsClient = createWSClient({
    url: wsUrl,
    WebSocket: options.WebSocket ?? defaultWebSocket(),
    lazy: { enabled: true, closeMs: 10_000 },
    keepAlive: { enabled: true, intervalMs: 15_000, pongTimeoutMs: 5_000 },
    retryDelayMs: options.retryDelayMs ?? backoff,
    connectionParams: () => {
      const token = currentToken();
      return token ? { token } : null;
    },
  });
  const stateListener = options.onConnectionStateChange;
  const stateSubscription = stateListener
    ? wsClient.connectionState.subscribe({
        next: (state) => stateListener(state.state === 'pending' ? 'open' : state.state, state.error),
      })
    : null;

  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink<AppRouter>({ client: wsClient }),
        false: httpBatchLink({
          url: httpUrl,
          maxItems: options.maxBatchItems ?? 20,
          headers: () => {
            const token = currentToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });

  return {
    trpc,
    close: async () => {
      stateSubscription?.unsubscribe();
      await wsClient.close();
    },
  };
}

function backoff(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(1_000 * 2 ** (attempt - 1), 30_000);
}

function endpoints(url: string | URL, basePath: string): { httpUrl: string; wsUrl: string } {
  const base = new URL(url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`options.url must be an http(s) URL, got ${base.protocol}`);
  }
  const path = `${base.pathname.replace(/\/+$/, '')}${basePath}`;
  const http = new URL(path, base);
  const ws = new URL(path, base);
  ws.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: http.toString(), wsUrl: ws.toString() };
}
