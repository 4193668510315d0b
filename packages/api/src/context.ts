import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Long-lived services every request can reach. The server builds them once at start-up. */
export interface ApiServices {
  /** The server's version, reported by `system.health` and `system.version`. */
  readonly version: string;
  /** Start time, `Date.now()` milliseconds since the epoch, for uptime. */
  readonly startedAt: number;
}

/** What every procedure receives as `ctx`. */
export interface CofferContext {
  /** Correlates the log lines of one HTTP request or one WebSocket connection. */
  readonly requestId: string;
  /** The bearer token the caller presented, if any (authentication checks it, not this). */
  readonly token: string | null;
  readonly services: ApiServices;
}

/** Options of {@link createContextFactory}. */
export interface ContextFactoryOptions {
  readonly services: ApiServices;
}

/** Per-transport context builders, for the HTTP and WebSocket adapters. */
export interface ContextFactory {
  /**
   * From an HTTP request: the token comes from `Authorization: Bearer <token>` or, for SSE
   * subscriptions (an `EventSource` cannot send headers), from `connectionParams.token` in the query.
   */
  fromHttp(opts: {
    req: IncomingMessage;
    info?: { connectionParams: Record<string, string | undefined> | null };
  }): CofferContext;
  /** From a WebSocket connection: the token comes from `connectionParams.token`. */
  fromWebSocket(opts: {
    info: { connectionParams: Record<string, string | undefined> | null };
  }): CofferContext;
}

/**
 * Builds the context factories the transport adapters call once per HTTP request or WebSocket
 * connection.
 *
 * @example
 * ```ts
 * const context = createContextFactory({ services: { version: '1.0.0', startedAt: Date.now() } });
 * createHTTPHandler({ router: appRouter, createContext: context.fromHttp });
 * ```
 */
export function createContextFactory(options: ContextFactoryOptions): ContextFactory {
  const { services } = options;
  return {
    fromHttp: ({ req, info }) => ({
      requestId: randomUUID(),
      token: bearerToken(req.headers.authorization) ?? nonEmpty(info?.connectionParams?.token),
      services,
    }),
    fromWebSocket: ({ info }) => ({
      requestId: randomUUID(),
      token: nonEmpty(info.connectionParams?.token),
      services,
    }),
  };
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.length > 0 ? value : null;
}
