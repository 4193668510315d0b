import { type LedgerStore, normalizeUsername } from '@coffer/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CofferApiError, cofferCodeOf, LOGIN_FAILED_MESSAGE } from '../errors.js';
import { authedProcedure, publicProcedure } from '../procedures.js';
import { okSchema, taskStartedSchema } from '../schemas/common.js';
import type { Session } from '../sessions/session-registry.js';
import { withExpectedFailures } from '../task-failures.js';
import { router } from '../trpc.js';

const usernameSchema = z.string().min(1).max(64);
const passwordSchema = z.string().min(1).max(1024);
const credentialsSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });

const sessionInfoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
const loginOutputSchema = z.object({ token: z.string(), session: sessionInfoSchema });

function sessionInfo(session: Session): z.infer<typeof sessionInfoSchema> {
  const { id, userId, username, createdAt, expiresAt } = session;
  return { id, userId, username, createdAt, expiresAt };
}

/** Throttle keys of a login attempt: the (normalised) username and the remote address. */
function throttleKeys(username: string, remoteAddress: string | null): string[] {
  let name: string;
  try {
    name = normalizeUsername(username);
  } catch {
    name = username.normalize('NFKC').toLowerCase();
  }
  return remoteAddress === null ? [`user:${name}`] : [`user:${name}`, `ip:${remoteAddress}`];
}

async function assertLoginAllowed(store: LedgerStore, keys: readonly string[]): Promise<void> {
  const decisions = await Promise.all(keys.map((key) => store.loginAllowed(key)));
  const retryAfterMs = Math.max(0, ...decisions.map((d) => (d.allowed ? 0 : d.retryAfterMs)));
  if (retryAfterMs > 0) {
    throw new CofferApiError('COFFER_API_THROTTLED', 'Too many failed logins; try again later', {
      retryAfterMs,
    });
  }
}

const LOGIN_FAILURES = new Set([
  'COFFER_DB_UNKNOWN_USER',
  'COFFER_DB_WRONG_PASSWORD',
  'COFFER_DB_INVALID_USERNAME',
]);

/** `auth.*`: accounts of people, sessions and passwords. */
export const authRouter = router({
  /** Creates a user and their encrypted ledger, and signs them in. */
  register: publicProcedure
    .input(credentialsSchema)
    .output(loginOutputSchema)
    .mutation(async ({ ctx, input }) => {
      const ledger = await ctx.services.store.createUser(input.username, input.password);
      const { token, session } = await ctx.services.sessions.create(ledger);
      return { token, session: sessionInfo(session) };
    }),

  /**
   * Unlocks the user's ledger and starts a session. An unknown user and a wrong password get the
   * same answer; failures are throttled per username and per remote address.
   */
  login: publicProcedure
    .input(credentialsSchema)
    .output(loginOutputSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, sessions } = ctx.services;
      const keys = throttleKeys(input.username, ctx.remoteAddress);
      await assertLoginAllowed(store, keys);
      let ledger: Awaited<ReturnType<LedgerStore['unlock']>>;
      try {
        ledger = await store.unlock(input.username, input.password);
      } catch (error) {
        const code = cofferCodeOf(error);
        if (code === undefined || !LOGIN_FAILURES.has(code)) throw error;
        await Promise.all(keys.map((key) => store.recordLoginFailure(key)));
        throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_FAILED_MESSAGE });
      }
      await store.recordLoginSuccess(keys[0] as string);
      const { token, session } = await sessions.create(ledger);
      return { token, session: sessionInfo(session) };
    }),

  /** Ends this session. The ledger is locked a grace period after the user's last session ends. */
  logout: authedProcedure.output(okSchema).mutation(async ({ ctx }) => {
    await ctx.services.sessions.revoke(ctx.session.id);
    return { ok: true as const };
  }),

  /** Who this session belongs to. */
  me: authedProcedure.output(sessionInfoSchema).query(({ ctx }) => sessionInfo(ctx.session)),

  /**
   * Re-encrypts the ledger under a new password, as a task (it rewrites the database and its
   * backups). On success every other session of the user ends.
   */
  changePassword: authedProcedure
    .input(z.strictObject({ oldPassword: passwordSchema, newPassword: passwordSchema }))
    .output(taskStartedSchema)
    .mutation(({ ctx, input }) => {
      const { store, sessions, tasks } = ctx.services;
      const { ledger, session } = ctx;
      const task = tasks.spawn({
        name: 'auth.changePassword',
        key: 'changePassword',
        owner: ctx.userId,
        onDuplicate: 'reject',
        run: async () => {
          await withExpectedFailures(() =>
            store.changePassword(ledger, input.oldPassword, input.newPassword),
          );
          const ended = await sessions.revokeUser(session.userId, { exceptSessionId: session.id });
          return { endedSessions: ended };
        },
      });
      return { taskId: task.id };
    }),
});
