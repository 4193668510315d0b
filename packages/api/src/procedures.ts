import { TRPCError } from '@trpc/server';
import { CofferApiError, toTRPCError } from './errors.js';
import type { ApiServices } from './services.js';
import type { Session } from './sessions/session-registry.js';
import { baseProcedure, middleware } from './trpc.js';

/**
 * Every failure leaves a procedure through the one mapping in `errors.ts`, and `ctx.services` gets
 * its real type (it is opaque in the root context, see `request-context.ts`). One middleware, not
 * two: tRPC copies the call's options and context at every middleware level, per call.
 */
const withServices = middleware(async ({ ctx, next }) => {
  const result = await next({ ctx: { services: ctx.services as ApiServices } });
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** A procedure anyone may call (`system.*`, `auth.register`, `auth.login`). */
export const publicProcedure = baseProcedure.use(withServices);

/**
 * A procedure that needs a live session: the token is checked on every call (which also refreshes
 * the session's idle expiry), and `ctx.ledger` is that session's user's ledger and nobody else's.
 * Maps errors and types `ctx.services` as {@link publicProcedure} does, in the same middleware.
 */
export const authedProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const services = ctx.services as ApiServices;
  if (ctx.token === null) {
    throw toTRPCError(new CofferApiError('COFFER_API_UNAUTHENTICATED', 'Sign in first'));
  }
  let session: Session | null;
  try {
    session = await services.sessions.authenticate(ctx.token);
  } catch (error) {
    throw toTRPCError(error);
  }
  if (session === null) {
    throw toTRPCError(new CofferApiError('COFFER_API_UNAUTHENTICATED', 'Invalid or expired session'));
  }
  const result = await next({ ctx: { services, session, ledger: session.ledger, userId: session.userId } });
  if (!result.ok) throw toTRPCError(result.error);
  return result;
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
    // Delegating, not `for await … yield`: one await per event instead of two.
    yield* body(combined);
  } catch (error) {
    if (!combined.aborted) throw toTRPCError(error);
  }
  if (session.signal.aborted && !signal?.aborted) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The session ended' });
  }
}
