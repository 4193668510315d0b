import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SubscriberConnection } from './live/subscriber-connection.js';
import type { RequestContext } from './request-context.js';
import type { ApiServices } from './services.js';

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
  }): RequestContext;
  /**
   * From a WebSocket connection: the token comes from `connectionParams.token`, sent once when the
   * connection opens. It is not checked here, so public procedures (`system.*`) keep working with
   * a stale token; every authenticated subscription checks it when it starts and ends with
   * `UNAUTHORIZED` when the session is revoked or expires.
   */
  fromWebSocket(opts: {
    req: IncomingMessage;
    res: { readonly bufferedAmount: number };
    info: { connectionParams: Record<string, string | undefined> | null };
    /** The connection's subscription limits and flow control (the server's WebSocket guard). */
    connection?: SubscriberConnection | null;
  }): RequestContext;
}

/**
 * Builds the context factories the transport adapters call once per HTTP request or WebSocket
 * connection.
 *
 * @example
 * ```ts
 * const context = createContextFactory({ services });
 * createHTTPHandler({ router: appRouter, createContext: context.fromHttp });
 * ```
 */
export function createContextFactory(options: ContextFactoryOptions): ContextFactory {
  const { services } = options;
  // Request ids only need to be unique within this process's logs: a random per-factory prefix and
  // a counter, instead of a randomUUID() per request.
  const prefix = randomBytes(4).toString('hex');
  let sequence = 0;
  const nextId = () => `${prefix}-${(sequence++).toString(36)}`;
  return {
    fromHttp: ({ req, info }) => ({
      requestId: nextId(),
      token: bearerToken(req.headers.authorization) ?? nonEmpty(info?.connectionParams?.token),
      remoteAddress: req.socket.remoteAddress ?? null,
      bufferedBytes: null,
      connection: null,
      httpSocket: req.socket,
      services,
    }),
    fromWebSocket: ({ req, res, info, connection }) => ({
      requestId: nextId(),
      token: nonEmpty(info.connectionParams?.token),
      remoteAddress: req.socket.remoteAddress ?? null,
      bufferedBytes: () => res.bufferedAmount,
      connection: connection ?? null,
      httpSocket: null,
      services,
    }),
  };
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  // Fast path for the canonical form; the regular expression for anything else.
  if (header.startsWith('Bearer ') && header.indexOf(' ', 7) === -1 && header.length > 7)
    return header.slice(7);
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

function nonEmpty(value: string | undefined): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
