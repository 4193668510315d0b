export type { ApiServices, CofferContext, ContextFactory, ContextFactoryOptions } from './context.js';
export { createContextFactory } from './context.js';
export type { AppRouter } from './router.js';
export { appRouter } from './router.js';
export type { ClockTick } from './routers/system.js';
export type { ZodErrorData } from './trpc.js';
export { createCallerFactory } from './trpc.js';
