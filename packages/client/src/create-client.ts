import type { AppRouter } from '@coffer/api/router';
import {
  createTRPCClient,
  httpBatchLink,
  httpBatchStreamLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { type CofferClientOptions, resolveOptions } from './client-options.js';
import type { ConnectionState } from './connection-state.js';
import { LiveConnection } from './live-connection.js';
import type { Platform } from './platform.js';
import type { RouterInputs, RouterOutputs } from './router-types.js';
import { createSseTransport, createWebSocketTransport } from './subscription-transport.js';

/** The typed client `createCofferClient` returns. */
export interface CofferClient {
  /** Typed procedures: `await client.trpc.system.health.query()`. */
  readonly trpc: TRPCClient<AppRouter>;
  /** The subscription connection's state and transport, as a subscribable value. */
  readonly connection: ConnectionState;
  /** The token sent with every call (from `options.getToken` when given). */
  getToken(): string | null;
  /**
   * Keeps `token` for every later call; when it differs from the current one, the live connection
   * is re-opened with it and every subscription resumes on the new connection. Not available with
   * `options.getToken` (a `TypeError`): call `reconnect()` instead.
   */
  setToken(token: string | null): void;
  /**
   * Signs in with `auth.login` and keeps the returned token (`setToken`), so every later call, and
   * the live connection, runs as that user. Rejects like `auth.login` (`COFFER_API_LOGIN_FAILED`).
   */
  login(input: RouterInputs['auth']['login']): Promise<RouterOutputs['auth']['login']>;
  /**
   * Ends the session with `auth.logout` and forgets the token, also when the call fails (the
   * session may already have expired).
   */
  logout(): Promise<void>;
  /** Re-opens the live connection (new credentials) and resumes every subscription on it. */
  reconnect(): void;
  /**
   * Ends everything: completes every subscription, closes the WebSocket, stops timers. HTTP calls
   * made after it still work (they hold nothing open). Safe to call twice.
   */
  close(): Promise<void>;
}

/** Builds a client on the given platform's network classes (see the entry points). */
export function createClient(options: CofferClientOptions, platform: Platform): CofferClient {
  const resolved = resolveOptions(options);
  const readToken = options.getToken;
  let storedToken = options.token ?? null;
  const currentToken = (): string | null => (readToken ? (readToken() ?? null) : storedToken);
  const WebSocket = options.WebSocket ?? platform.WebSocket;
  const EventSource = options.EventSource ?? platform.EventSource;
  const preference = resolved.transport === 'auto' && !WebSocket ? 'sse' : resolved.transport;
  if (preference === 'websocket' && !WebSocket) {
    throw new TypeError('options.WebSocket is required: this platform has no WebSocket');
  }
  if (preference !== 'websocket' && !EventSource) {
    throw new TypeError('options.EventSource is required: this platform has no EventSource');
  }

  const connectionParams = async () => {
    const token = currentToken();
    return token ? { token } : null;
  };
  const live = new LiveConnection({
    preference,
    retryDelayMs: resolved.retryDelayMs,
    createTransport: (kind, onSignal) => {
      const shared = { httpUrl: resolved.httpUrl, wsUrl: resolved.wsUrl, connectionParams, onSignal };
      return kind === 'websocket' && WebSocket
        ? createWebSocketTransport({
            ...shared,
            WebSocket,
            retryDelayMs: resolved.retryDelayMs,
            keepAlive: resolved.keepAlive,
          })
        : createSseTransport({ ...shared, EventSource: EventSource ?? unavailable('EventSource') });
    },
  });

  const http = {
    url: resolved.httpUrl,
    maxItems: resolved.maxBatchItems,
    maxURLLength: resolved.maxURLLength,
    headers: (): Record<string, string> => {
      const token = currentToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: live.link,
        false: splitLink({
          condition: (op) =>
            op.context.stream === true ||
            resolved.isStreamed({ path: op.path, type: op.type === 'mutation' ? 'mutation' : 'query' }),
          true: httpBatchStreamLink(http),
          false: httpBatchLink(http),
        }),
      }),
    ],
  });

  const client: CofferClient = {
    trpc,
    connection: live.state,
    getToken: currentToken,
    login: async (input) => {
      if (readToken) throw new TypeError('login() needs a client without options.getToken');
      const result = await trpc.auth.login.mutate(input);
      client.setToken(result.token);
      return result;
    },
    logout: async () => {
      if (readToken) throw new TypeError('logout() needs a client without options.getToken');
      try {
        await trpc.auth.logout.mutate();
      } finally {
        client.setToken(null);
      }
    },
    setToken: (token) => {
      if (readToken) throw new TypeError('setToken() needs a client without options.getToken');
      if (token !== null && typeof token !== 'string') throw new TypeError('token must be a string or null');
      if (token === storedToken) return;
      storedToken = token;
      live.reconnect();
    },
    reconnect: () => live.reconnect(),
    close: () => live.close(),
  };
  return client;
}

function unavailable(name: string): never {
  throw new TypeError(`options.${name} is required: this platform has none`);
}
