import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import { toTRPCError } from './errors.js';
import type { RequestContext } from './request-context.js';

/** Zod issues of a `BAD_REQUEST` caused by input validation, as sent in `error.data.zodError`. */
export type ZodErrorData = ReturnType<typeof z.flattenError>;

const isDev = process.env.NODE_ENV === 'development';

const t = initTRPC.context<RequestContext>().create({
  // Stack traces never leave the process unless a developer asks for them.
  isDev,
  // SSE keep-alive: a comment every 15 s keeps proxies from cutting an idle stream, and a client
  // that hears nothing for 40 s reconnects (resuming after its last event id).
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error, ctx }) {
    const zodError: ZodErrorData | null =
      error.cause instanceof ZodError && error.code === 'BAD_REQUEST' ? z.flattenError(error.cause) : null;
    const cause = error.cause as { code?: unknown; retryAfterMs?: unknown } | undefined;
    const cofferCode =
      typeof cause?.code === 'string' && cause.code.startsWith('COFFER_') ? cause.code : null;
    const retryAfterMs = typeof cause?.retryAfterMs === 'number' ? cause.retryAfterMs : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      // Internal errors say only which request failed; the log line carries the same id.
      message: internal && !isDev ? `Internal error (request ${ctx?.requestId ?? 'unknown'})` : shape.message,
      data: {
        ...shape.data,
        zodError,
        cofferCode: internal ? null : cofferCode,
        retryAfterMs,
        requestId: ctx?.requestId ?? null,
      },
    };
  },
});

/** Builds a router from procedures and sub-routers. */
export const router = t.router;

/** The bare procedure builder; use `publicProcedure` / `authedProcedure` from `procedures.ts`. */
export const baseProcedure = t.procedure;

/** Builds middlewares. */
export const middleware = t.middleware;

/** Creates server-side callers (tests, scripts) for a router. */
export const createCallerFactory = t.createCallerFactory;

export { toTRPCError };
