/** What the tab remembers of a signed-in user. */
export interface StoredSession {
  readonly token: string;
  readonly username: string;
}

const KEY = 'coffer.session';

/**
 * The session kept in `sessionStorage`: it survives a reload but not the tab, and other tabs do
 * not share it (each signs in, and so gets its own server session).
 */
export function readSession(): StoredSession | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { token, username } = value as Record<string, unknown>;
    return typeof token === 'string' && typeof username === 'string' ? { token, username } : null;
  } catch {
    return null;
  }
}

/** Remembers the signed-in session for this tab. */
export function writeSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Forgets the session. */
export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
