import { createContext, useContext } from 'react';

/** Credentials typed on the login screen. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** The signed-in user, as the app shows it. */
export interface SessionUser {
  readonly username: string;
}

/** The session as components see it. */
export interface SessionValue {
  /** Null while signed out. */
  readonly user: SessionUser | null;
  /** Why the last session ended on its own (expired, server restarted), if it did. */
  readonly endedBecause: string | null;
  /** Signs in (`'login'`) or creates the user and signs in (`'register'`); rejects like the server. */
  signIn(mode: 'login' | 'register', credentials: Credentials): Promise<void>;
  /** Ends the session on the server and forgets it here. */
  signOut(): Promise<void>;
}

/** Set by `SessionProvider`. */
export const SessionContext = createContext<SessionValue | null>(null);

/** The session; throws outside `<SessionProvider>`. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession() must be used inside <SessionProvider>');
  return session;
}
