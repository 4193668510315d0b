import type { TransportPreference } from './live-connection.js';
import type { EventSourceConstructor, WebSocketConstructor } from './platform.js';

/** Options of `createCofferClient`. Give at most one of `token` and `getToken`. */
export interface CofferClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:4400`. The API lives under `basePath`. */
  readonly url: string | URL;
  /** Path prefix of the API on the server. @default '/trpc' */
  readonly basePath?: string;
  /**
   * The session token to start with; `client.setToken()` changes it. Sent as
   * `Authorization: Bearer` over HTTP and as `connectionParams.token` over WebSocket and SSE.
   * @default null
   */
  readonly token?: string | null;
  /**
   * Reads the token from where the app keeps it, for every request and (re)connection, instead of
   * the client keeping it. After it starts returning another token, call `client.reconnect()`.
   */
  readonly getToken?: () => string | null | undefined;
  /**
   * How subscriptions travel: `'websocket'`, `'sse'` (Server-Sent Events), or `'auto'`: a
   * WebSocket, falling back to SSE when the first WebSocket cannot be opened.
   * @default 'auto'
   */
  readonly transport?: TransportPreference;
  /** Most procedures in one HTTP batch; match the server's `maxBatchSize`. @default 50 */
  readonly maxBatchItems?: number;
  /**
   * Longest URL a batched query may have: a batch whose URL (inputs in the query string) would be
   * longer is split into several requests, so proxies' URL limits never break a whole batch.
   * @default 8192
   */
  readonly maxURLLength?: number;
  /**
   * Queries and mutations answered as a stream (`httpBatchStreamLink`): their paths, or a test on
   * the operation. A call also streams when made with `{ context: { stream: true } }`.
   * @default []
   */
  readonly streamed?: readonly string[] | ((op: { path: string; type: 'query' | 'mutation' }) => boolean);
  /** Delay before WebSocket reconnect attempt `n` (0-based). @default full-jitter backoff: random in [0, min(30 s, 0.5 s·2ⁿ)] */
  readonly retryDelayMs?: (attempt: number) => number;
  /** WebSocket keep-alive: ping every `intervalMs`, reconnect when no pong within `pongTimeoutMs`. @default { intervalMs: 15_000, pongTimeoutMs: 5_000 } */
  readonly keepAlive?: { readonly intervalMs: number; readonly pongTimeoutMs: number };
  /** `WebSocket` implementation. @default the platform's; on Node 20, the `ws` package's */
  readonly WebSocket?: WebSocketConstructor;
  /** `EventSource` implementation. @default the platform's; on Node, the `eventsource` package's */
  readonly EventSource?: EventSourceConstructor;
  /** `fetch` for HTTP calls. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
}

/** Validated options with defaults applied. */
export interface ResolvedOptions {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly transport: TransportPreference;
  readonly maxBatchItems: number;
  readonly maxURLLength: number;
  readonly isStreamed: (op: { path: string; type: 'query' | 'mutation' }) => boolean;
  readonly retryDelayMs: (attempt: number) => number;
  readonly keepAlive: { readonly intervalMs: number; readonly pongTimeoutMs: number };
}

const transports: readonly TransportPreference[] = ['auto', 'websocket', 'sse'];

/** Checks `options` at the public boundary; every failure is a `TypeError` naming the option. */
export function resolveOptions(options: CofferClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  if (options.token !== undefined && options.getToken !== undefined) {
    throw new TypeError('options.token and options.getToken are exclusive: give one');
  }
  if (options.token != null && typeof options.token !== 'string') {
    throw new TypeError('options.token must be a string or null');
  }
  assertFunction('getToken', options.getToken);
  assertFunction('retryDelayMs', options.retryDelayMs);
  assertFunction('WebSocket', options.WebSocket);
  assertFunction('EventSource', options.EventSource);
  assertFunction('fetch', options.fetch);
  const transport = options.transport ?? 'auto';
  if (!transports.includes(transport)) {
    throw new TypeError(`options.transport must be one of ${transports.join(', ')}`);
  }
  const maxBatchItems = options.maxBatchItems ?? 50;
  if (!Number.isInteger(maxBatchItems) || maxBatchItems < 1) {
    throw new TypeError('options.maxBatchItems must be a positive integer');
  }
  const maxURLLength = options.maxURLLength ?? 8192;
  if (!Number.isInteger(maxURLLength) || maxURLLength < 256) {
    throw new TypeError('options.maxURLLength must be an integer of at least 256');
  }
  const keepAlive = options.keepAlive ?? { intervalMs: 15_000, pongTimeoutMs: 5_000 };
  for (const key of ['intervalMs', 'pongTimeoutMs'] as const) {
    if (!Number.isFinite(keepAlive[key]) || keepAlive[key] <= 0) {
      throw new TypeError(`options.keepAlive.${key} must be a positive number`);
    }
  }
  return {
    ...endpoints(options.url, options.basePath ?? '/trpc'),
    transport,
    maxBatchItems,
    maxURLLength,
    isStreamed: streamTest(options.streamed),
    retryDelayMs: options.retryDelayMs ?? jitteredBackoff,
    keepAlive,
  };
}

/** Full jitter (a random delay up to an exponential cap) spreads reconnects after a restart. */
function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(30_000, 500 * 2 ** attempt);
}

function streamTest(streamed: CofferClientOptions['streamed']): ResolvedOptions['isStreamed'] {
  if (streamed === undefined) return () => false;
  if (typeof streamed === 'function') return streamed;
  if (!Array.isArray(streamed) || !streamed.every((path) => typeof path === 'string')) {
    throw new TypeError('options.streamed must be an array of procedure paths or a function');
  }
  const paths = new Set(streamed);
  return (op) => paths.has(op.path);
}

function assertFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`options.${name} must be a function`);
  }
}

function endpoints(url: string | URL, basePath: string): { httpUrl: string; wsUrl: string } {
  let base: URL;
  try {
    base = new URL(url);
  } catch (cause) {
    throw new TypeError(`options.url must be an http(s) URL, got ${String(url)}`, { cause });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`options.url must be an http(s) URL, got ${base.protocol}`);
  }
  const path = `${base.pathname.replace(/\/+$/, '')}${basePath}`;
  const http = new URL(path, base);
  const ws = new URL(path, base);
  ws.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: http.toString(), wsUrl: ws.toString() };
}
