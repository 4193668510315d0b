import { systemRouter } from './routers/system.js';
import { router } from './trpc.js';

/** The whole Coffer API. Its type, {@link AppRouter}, is the contract the client is typed by. */
export const appRouter = router({
  system: systemRouter,
});

/** The type of the Coffer router: import it (type-only) to type a client. */
export type AppRouter = typeof appRouter;
