import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type ApiConfig,
  type ApiServices,
  appRouter,
  CofferApiError,
  createContextFactory,
  createLocalUserTasks,
  createMemoryNotificationBus,
  type NotificationBus,
  type RequestContext,
  resolveApiConfig,
  type SessionRegistry,
  toTRPCError,
  type UserTasks,
} from '@coffer/api';
import type { LedgerStore } from '@coffer/db';
import type { TaskManager } from '@coffer/tasks';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { ResponseMetaFn } from '@trpc/server/http';
import { WebSocketServer } from 'ws';
import { createApiDocsHandler } from './api-docs.js';
import { createCors } from './http/cors.js';
import { createLeanHttpHandler } from './http/lean-handler.js';
import { createStaticFiles } from './http/static-files.js';
import { sharedPayloadEncoder } from './live/shared-payload-encoder.js';
import { WebSocketConnections } from './live/websocket-connections.js';
import { resolveWebSocketLimits, type WebSocketLimits } from './live/websocket-limits.js';
import type { ServerLogger } from './logger.js';

/** Which HTTP glue serves tRPC: Coffer's lean one, or tRPC's stock standalone adapter (for comparison). */
export type HttpAdapter = 'lean' | 'stock';

/** Options of {@link createCofferServer}: the services it serves and its transport limits. */
export interface CofferServerOptions {
  /** TCP port; `0` picks a free one. */
  readonly port: number;
  /** Interface to bind, e.g. `'127.0.0.1'`. */
  readonly host: string;
  readonly logger: ServerLogger;
  /** Reported by `system.health`. */
  readonly version: string;
  /** The ledger store (owned by the caller: the server never closes it). */
  readonly store: LedgerStore;
  /** The task manager (owned by the caller). */
  readonly tasks: TaskManager;
  /** The users' tasks as the router sees them. @default this process's `tasks` (`createLocalUserTasks`) */
  readonly userTasks?: UserTasks;
  /** The session registry (owned by the caller). */
  readonly sessions: SessionRegistry;
  /** Fan-out for `live.notifications`. @default an in-memory bus */
  readonly notifications?: NotificationBus;
  /** The router's tunables. */
  readonly api?: ApiConfig;
  /** Path prefix of the API, for HTTP and WebSocket alike. @default '/trpc' */
  readonly basePath?: string;
  /** Largest HTTP request body accepted, in bytes. @default api.maxImportBytes + 64 KiB */
  readonly maxBodyBytes?: number;
  /** WebSocket limits: connections, subscriptions, calls per message, payload, send buffer, idle, ping. */
  readonly webSocket?: WebSocketLimits;
  /** Most procedures in one HTTP batch. @default 50 */
  readonly maxBatchSize?: number;
  /** HTTP glue: `'lean'` (Coffer's) or `'stock'` (tRPC's standalone adapter). @default 'lean' */
  readonly httpAdapter?: HttpAdapter;
  /** Origins allowed to call the API from a browser (exact match, e.g. `https://app.example`). @default [] */
  readonly corsOrigins?: readonly string[];
  /** How long `close()` lets connections finish before cutting them. @default 5_000 */
  readonly shutdownGraceMs?: number;
  /**
   * The built web app to serve at `/` (a directory with `index.html`), or null for none. A
   * directory without `index.html` is logged and `/` answers how to build it.
   * @default null
   */
  readonly webDir?: string | null;
}

/** A running (or ready to run) Coffer HTTP + WebSocket server. */
export interface CofferServer {
  /** The services procedures see (composed from the options). */
  readonly services: ApiServices;
  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number; url: string }>;
  /**
   * First half of a graceful stop: refuses new connections and tells WebSocket clients to
   * reconnect (elsewhere, or here after a restart). Idempotent.
   */
  stopAccepting(): void;
  /**
   * Stops accepting (if not yet), lets requests in flight finish for up to `shutdownGraceMs`,
   * then closes what is left. Safe to call twice. Does not touch the services.
   */
  close(): Promise<void>;
}

/**
 * Serves the Coffer router over HTTP (`/trpc/<path>`, batching on) and WebSocket (same port and
 * path) over services the caller composed and owns.
 *
 * @example
 * ```ts
 * const server = createCofferServer({ port: 0, host: '127.0.0.1', logger, version, store, tasks, sessions });
 * const { url } = await server.listen();
 * ```
 */
export function createCofferServer(options: CofferServerOptions): CofferServer {
  const basePath = (options.basePath ?? '/trpc').replace(/\/+$/, '');
  const { logger } = options;
  const config = resolveApiConfig(options.api);
  const services: ApiServices = {
    version: options.version,
    startedAt: Date.now(),
    store: options.store,
    tasks: options.tasks,
    userTasks: options.userTasks ?? createLocalUserTasks(options.tasks),
    sessions: options.sessions,
    notifications: options.notifications ?? createMemoryNotificationBus(),
    config,
    logger,
  };
  const context = createContextFactory({ services });
  const onError = ({
    error,
    path,
    ctx,
  }: {
    error: TRPCError;
    path: string | undefined;
    ctx?: RequestContext;
  }) => {
    const mapped = toTRPCError(error);
    const fields = { err: mapped.cause ?? mapped, path, code: mapped.code, requestId: ctx?.requestId };
    if (mapped.code === 'INTERNAL_SERVER_ERROR') logger.error(fields, 'procedure failed');
    else logger.debug({ path, code: mapped.code, requestId: ctx?.requestId }, 'procedure rejected');
  };

  const responseMeta: ResponseMetaFn<typeof appRouter> = ({ errors }) => {
    const retryAfterMs = Math.max(0, ...errors.map((e) => retryAfterOf(e.cause)));
    return retryAfterMs > 0 ? { headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } } : {};
  };
  const httpOptions = {
    router: appRouter,
    maxBodySize: options.maxBodyBytes ?? config.maxImportBytes + 65_536,
    maxBatchSize: options.maxBatchSize ?? 50,
    onError,
    responseMeta,
  };
  const trpcHandler =
    (options.httpAdapter ?? 'lean') === 'lean'
      ? createLeanHttpHandler({ ...httpOptions, basePath, createContext: context.fromHttp })
      : createHTTPHandler({ ...httpOptions, basePath: `${basePath}/`, createContext: context.fromHttp });
  const cors = createCors(options.corsOrigins ?? []);
  const apiDocs = createApiDocsHandler({ version: options.version, basePath });
  const webDir = options.webDir ?? null;
  const webApp = webDir === null ? null : createStaticFiles({ root: webDir });
  if (webDir !== null && webApp === null) logger.warn({ webDir }, 'web app not built: `/` serves no page');
  const http: Server = createServer((req, res) => {
    if (isUnder(req.url, basePath)) {
      if (!cors(req, res)) trpcHandler(req, res);
    } else if (!apiDocs(req, res) && !webApp?.(req, res)) {
      if (webDir !== null && webApp === null && isRoot(req.url)) webAppMissing(res);
      else notFound(res);
    }
  });

  const limits = resolveWebSocketLimits(options.webSocket);
  const connections = new WebSocketConnections({
    limits,
    onShed: (info) => logger.warn(info, 'slow WebSocket consumer shed (1013)'),
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: async (opts) => {
      const guard = connections.guardOf(opts.res);
      const ctx = context.fromWebSocket({ ...opts, connection: guard ?? null });
      if (guard === undefined || ctx.token === null) return ctx;
      const session = await services.sessions.authenticate(ctx.token);
      if (session === null || connections.bindUser(guard, session.userId)) return ctx;
      // tRPC answers with this error, then closes; the 1008 close code says why to a client that
      // looks only at the close.
      setImmediate(() => opts.res.close(1008, 'Too many connections for this user'));
      throw toTRPCError(
        new CofferApiError(
          'COFFER_API_TOO_MANY_CONNECTIONS',
          `At most ${limits.maxConnectionsPerUser} WebSocket connections per user`,
        ),
      );
    },
    keepAlive: { enabled: true, pingMs: limits.pingIntervalMs, pongWaitMs: limits.pongTimeoutMs },
    maxBatchSize: limits.maxCallsPerMessage,
    experimental_encoder: sharedPayloadEncoder,
    onError,
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isUnder(req.url, basePath)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (httpClosed || !connections.reserve()) {
      socket.end(TOO_MANY_CONNECTIONS_RESPONSE);
      return;
    }
    let tracked = false;
    socket.once('close', () => {
      if (!tracked) connections.cancel();
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      tracked = true;
      connections.track(ws, socket);
      wss.emit('connection', ws, req);
    });
  });

  let httpClosed: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const stopAccepting = () => {
    if (httpClosed) return;
    logger.info({ clients: wss.clients.size }, 'shutting down');
    httpClosed = http.listening
      ? new Promise<void>((resolve) => http.close(() => resolve()))
      : Promise.resolve();
    services.notifications.broadcast({
      kind: 'notice',
      at: Date.now(),
      level: 'warning',
      message: 'Server restarting',
    });
    wsHandler.broadcastReconnectNotification();
    http.closeIdleConnections();
  };
  return {
    services,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port, options.host, () => {
          http.off('error', reject);
          const { port } = http.address() as AddressInfo;
          const url = `http://${formatHost(options.host)}:${port}`;
          logger.info({ host: options.host, port, url }, 'listening');
          resolve({ host: options.host, port, url });
        });
      }),
    stopAccepting,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
    stopAccepting();
    const grace = options.shutdownGraceMs ?? 5_000;
    for (const client of wss.clients) client.close(1001, 'server shutting down');
    const timer = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
    }, grace);
    await Promise.all([httpClosed, new Promise<void>((resolve) => wss.close(() => resolve()))]);
    clearTimeout(timer);
    connections.stop();
    logger.info('closed');
  }
}

const TOO_MANY_CONNECTIONS_BODY =
  '{"error":{"code":"TOO_MANY_REQUESTS","message":"Too many WebSocket connections, try again later"}}';
const TOO_MANY_CONNECTIONS_RESPONSE = [
  'HTTP/1.1 503 Service Unavailable',
  'Connection: close',
  'Content-Type: application/json',
  'Retry-After: 5',
  `Content-Length: ${Buffer.byteLength(TOO_MANY_CONNECTIONS_BODY)}`,
  '',
  TOO_MANY_CONNECTIONS_BODY,
].join('\r\n');

function retryAfterOf(cause: unknown): number {
  const value = (cause as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === 'number' ? value : 0;
}

function isUnder(url: string | undefined, basePath: string): boolean {
  if (!url) return false;
  return url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`);
}

function isRoot(url: string | undefined): boolean {
  return url === '/' || url?.startsWith('/?') === true;
}

function webAppMissing(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(
    "Coffer's web app is not built: run `pnpm build` (or `pnpm start`, which builds it). API docs: /docs\n",
  );
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":{"code":"NOT_FOUND","message":"No such route"}}');
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
