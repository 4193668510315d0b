import { accountsRouter } from './routers/accounts.js';
import { authRouter } from './routers/auth.js';
import { entriesRouter } from './routers/entries.js';
import { liveRouter } from './routers/live.js';
import { reportsRouter } from './routers/reports.js';
import { systemRouter } from './routers/system.js';
import { tasksRouter } from './routers/tasks.js';
import { router } from './trpc.js';

/** The whole Coffer API. Its type, {@link AppRouter}, is the contract the client is typed by. */
export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  entries: entriesRouter,
  reports: reportsRouter,
  tasks: tasksRouter,
  live: liveRouter,
  system: systemRouter,
});

/** The type of the Coffer router: import it (type-only) to type a client. */
export type AppRouter = typeof appRouter;
