import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { resolveResponse } from '@trpc/server/http';
import { createDirectCalls } from './direct-calls.js';
import type { LeanHttpHooks } from './http-hooks.js';
import { writePlainAnswer } from './plain-answer.js';
import { readBody } from './read-body.js';
import { type ReadBody, type RequestLike, toFetchRequest } from './request-like.js';
import { writeFetchResponse } from './write-response.js';

/** Options of {@link createLeanHttpHandler}. */
export interface LeanHttpHandlerOptions<TRouter extends AnyTRPCRouter> extends LeanHttpHooks<TRouter> {
  readonly router: TRouter;
  /** Path prefix without a trailing slash, e.g. `'/trpc'`; requests must be under it. */
  readonly basePath: string;
  /** Largest request body, in bytes; a bigger one is answered 413 and its connection closed. */
  readonly maxBodySize: number;
  /** Most procedures in one batch. */
  readonly maxBatchSize: number;
}

/**
 * A `node:http` request listener serving a tRPC router with less per-request work than the stock
 * adapter. The body is read into one buffer. Plain JSON calls (queries over GET, mutations over
 * POST, one or a batch, not streamed: nearly all traffic) are answered by `direct-calls.ts`,
 * which calls the procedures through `callTRPCProcedure` and answers exactly as `resolveResponse`
 * would, in one `end()` with `Content-Length`. Everything else goes through tRPC's public
 * `resolveResponse` with a thin view of the Node request (see `toFetchRequest`); its streamed
 * answers (`httpBatchStreamLink`, SSE subscriptions) are piped with backpressure and end when the
 * client goes away.
 */
export function createLeanHttpHandler<TRouter extends AnyTRPCRouter>(
  options: LeanHttpHandlerOptions<TRouter>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const prefix = `${options.basePath}/`;
  const { router, maxBatchSize, maxBodySize, onError, responseMeta } = options;
  const createContext = options.createContext;
  const direct = createDirectCalls(options);

  async function handle(req: IncomingMessage, res: ServerResponse, body: ReadBody): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) abort.abort();
    });
    if ('error' in body && (body.error as { code?: string }).code === 'PAYLOAD_TOO_LARGE') {
      res.shouldKeepAlive = false; // the rest of the body is not read: do not reuse this socket
    }
    const path = procedurePath(req.url ?? '/', prefix);
    const plan = 'bytes' in body ? direct.plan(req, path, body.bytes) : null;
    if (plan) {
      const requestLike = () => toFetchRequest(req, body, abort.signal) as RequestLike;
      writePlainAnswer(await direct.run(plan, { req, signal: abort.signal, requestLike }), res);
      return;
    }
    const request = toFetchRequest(req, body, abort.signal);
    const response = await resolveResponse<TRouter>({
      router,
      req: request as Request,
      path,
      error: null,
      maxBatchSize,
      createContext: ({ info }) => Promise.resolve(createContext({ req, info })),
      ...(onError ? { onError } : {}),
      ...(responseMeta ? { responseMeta } : {}),
    });
    await writeFetchResponse(response, res, abort.signal);
  }

  return (req, res) => {
    const body = readBody(req, maxBodySize);
    const done =
      body instanceof Promise ? body.then((read) => handle(req, res, read)) : handle(req, res, body);
    done.catch((error: unknown) => internalError(res, error));
  };
}

/** `/trpc/a.b,c.d?x` → `a.b,c.d` (still URL-encoded: `resolveResponse` decodes it). */
function procedurePath(url: string, prefix: string): string {
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  const rest = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
  return rest.endsWith('/') ? rest.slice(0, -1) : rest;
}

const INTERNAL = JSON.stringify({
  error: {
    message: 'Internal server error',
    code: -32603,
    data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
  },
});

/** Last resort when answering failed outside tRPC's own error handling. */
function internalError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(INTERNAL) });
  res.end(INTERNAL);
}
