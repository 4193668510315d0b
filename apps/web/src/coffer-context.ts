import type { CofferClient } from '@coffer/client';
import { createContext, useContext } from 'react';

/** The app's one `@coffer/client` (connection state, login/logout, the token). */
export const CofferClientContext = createContext<CofferClient | null>(null);

/** The app's `CofferClient`; throws outside `<CofferProvider>`. */
export function useCofferClient(): CofferClient {
  const client = useContext(CofferClientContext);
  if (client === null) throw new Error('useCofferClient() must be used inside <CofferProvider>');
  return client;
}
