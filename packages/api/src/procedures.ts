import { TRPCError } from '@trpc/server';
import { CofferApiError, toTRPCError } from './errors.js';
import type { ApiServices } from './services.js';
import type { Session } from './sessions/session-registry.js';
import { baseProcedure, middleware } from './trpc.js';

/** Every failure leaves a procedure through the one mapping in `errors.ts`. */
const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** Gives `ctx.services` its real type (it is opaque in the root context, see `request-context.ts`). */
const withServices = middleware(({ ctx, next }) => next({ ctx: { services: ctx.services as ApiServices } }));

/** A procedure anyone may call (`system.*`, `auth.register`, `auth.login`). */
export const publicProcedure = baseProcedure.use(mapErrors).use(withServices);

/**
 * A procedure that needs a live session: the token is checked on every call (which also refreshes
 * the session's idle expiry), and `ctx.ledger` is that session's user's ledger and nobody else's.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.token === null) throw new CofferApiError('COFFER_API_UNAUTHENTICATED', 'Sign in first');
  const session = await ctx.services.sessions.authenticate(ctx.token);
  if (session === null) throw new CofferApiError('COFFER_API_UNAUTHENTICATED', 'Invalid or expired session');
  return next({ ctx: { session, ledger: session.ledger, userId: session.userId } });
});

/**
 * Runs a subscription's body for as long as both the caller and the session live: when the
 * session is revoked or expires the subscription ends with `UNAUTHORIZED`; any other failure goes
 * through the error mapping.
 */
export async function* sessionBound<T>(
  session: Session,
  signal: AbortSignal | undefined,
  body: (signal: AbortSignal) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  const combined = signal ? AbortSignal.any([signal, session.signal]) : session.signal;
  try {
    for await (const value of body(combined)) yield value;
  } catch (error) {
    if (!combined.aborted) throw toTRPCError(error);
  }
  if (session.signal.aborted && !signal?.aborted) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The session ended' });
  }
}
