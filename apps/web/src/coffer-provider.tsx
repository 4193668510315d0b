import { type CofferClient, isCofferError } from '@coffer/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { CofferClientContext } from './coffer-context.ts';
import { SessionProvider } from './session/session-provider.tsx';
import { TRPCProvider } from './trpc.ts';

/** An answer from the server (bad input, not found, unauthorized…) will not change on retry. */
function retryUnlessAnswered(failures: number, error: unknown): boolean {
  return !isCofferError(error) && failures < 2;
}

/** Props of {@link CofferProvider}. */
export interface CofferProviderProps {
  readonly client: CofferClient;
  readonly children: ReactNode;
}

/** Wires TanStack Query, the tRPC bindings over `client.trpc`, and the session around the app. */
export function CofferProvider({ client, children }: CofferProviderProps) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Data changes arrive on `live.changes`, which invalidates what they touch.
          queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: retryUnlessAnswered },
        },
      }),
  );
  return (
    <CofferClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={client.trpc} queryClient={queryClient}>
          <SessionProvider client={client}>{children}</SessionProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </CofferClientContext.Provider>
  );
}
