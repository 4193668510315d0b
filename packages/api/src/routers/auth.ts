import type { UserLedger } from '@coffer/db';
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
   * same answer (and, in the store, cost the same time); failures are throttled per username and
   * per remote address.
   */
  login: publicProcedure
    .input(credentialsSchema)
    .output(loginOutputSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, sessions } = ctx.services;
      // The store throttles under `user:<name>` and these keys before any key derivation, and
      // charges them on failure (LoginThrottledError → TOO_MANY_REQUESTS with retryAfterMs).
      const throttleKeys = ctx.remoteAddress === null ? [] : [`ip:${ctx.remoteAddress}`];
      let ledger: UserLedger;
      try {
        ledger = await store.unlock(input.username, input.password, { throttleKeys });
      } catch (error) {
        const code = cofferCodeOf(error);
        if (code === undefined || !LOGIN_FAILURES.has(code)) throw error;
        // One code and message whatever the reason, so the answer tells nothing about the user.
        throw new CofferApiError('COFFER_API_LOGIN_FAILED', LOGIN_FAILED_MESSAGE, { cause: error });
      }
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
