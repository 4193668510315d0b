import { type CofferClient, isCofferError } from '@coffer/client';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { type Credentials, SessionContext, type SessionUser, type SessionValue } from './session-context.ts';
import { clearSession, readSession, writeSession } from './session-storage.ts';

/** Props of {@link SessionProvider}. */
export interface SessionProviderProps {
  readonly client: CofferClient;
  readonly children: ReactNode;
}

/**
 * Keeps who is signed in: the token lives in the client (`login()` / `setToken()`) and in
 * `sessionStorage`. Any call answered `UNAUTHORIZED` (the session expired, or the server restarted
 * and forgot it) signs the tab out with a message.
 */
export function SessionProvider({ client, children }: SessionProviderProps) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<SessionUser | null>(() => {
    const stored = readSession();
    return stored && client.getToken() === stored.token ? { username: stored.username } : null;
  });
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const forget = useCallback(
    (reason: string | null) => {
      clearSession();
      client.setToken(null);
      queryClient.clear();
      setEndedBecause(reason);
      setUser(null);
    },
    [client, queryClient],
  );

  useEffect(() => {
    const onError = (error: unknown) => {
      if (isCofferError(error, 'UNAUTHORIZED') && client.getToken() !== null) {
        forget('Your session ended. Please log in again.');
      }
    };
    const queries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const mutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      queries();
      mutations();
    };
  }, [client, queryClient, forget]);

  const signIn = useCallback(
    async (mode: 'login' | 'register', credentials: Credentials) => {
      const { token, session } =
        mode === 'login'
          ? await client.login(credentials)
          : await client.trpc.auth.register.mutate(credentials);
      client.setToken(token);
      writeSession({ token, username: session.username });
      setEndedBecause(null);
      setUser({ username: session.username });
    },
    [client],
  );

  const signOut = useCallback(async () => {
    // Unmount the signed-in screens (and their subscriptions) before the token goes.
    setUser(null);
    clearSession();
    try {
      await client.logout();
    } finally {
      queryClient.clear();
    }
  }, [client, queryClient]);

  const value = useMemo<SessionValue>(
    () => ({ user, endedBecause, signIn, signOut }),
    [user, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
