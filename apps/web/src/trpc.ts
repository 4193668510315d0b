import type { AppRouter } from '@coffer/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/**
 * The typed TanStack Query bindings of the Coffer router: `useTRPC()` gives `queryOptions`,
 * `infiniteQueryOptions`, `mutationOptions`, `subscriptionOptions` and query keys per procedure;
 * `TRPCProvider` takes `@coffer/client`'s `client.trpc`. Only the router's type is imported.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
