import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { CofferContext } from './context.js';

/** Zod issues of a `BAD_REQUEST` caused by input validation, as sent in `error.data.zodError`. */
export type ZodErrorData = ReturnType<typeof z.flattenError>;

const t = initTRPC.context<CofferContext>().create({
  // Stack traces never leave the process unless a developer asks for them.
  isDev: process.env.NODE_ENV === 'development',
  // SSE keep-alive: a comment every 15 s keeps proxies from cutting an idle stream, and a client
  // that hears nothing for 40 s reconnects (resuming after its last event id).
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error }) {
    const zodError: ZodErrorData | null =
      error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    return { ...shape, data: { ...shape.data, zodError } };
  },
});

/** Builds a router from procedures and sub-routers. */
export const router = t.router;

/** A procedure anyone may call; authentication middlewares build on it. */
export const publicProcedure = t.procedure;

/** Creates server-side callers (tests, scripts) for a router. */
export const createCallerFactory = t.createCallerFactory;
