import type { UserLedger } from '@coffer/db';

/** One login: who, since when, and the ledger handle its requests use. */
export interface Session {
  /** Public id of the session (not the token; safe to log and to show). */
  readonly id: string;
  readonly userId: string;
  readonly username: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms of the last authenticated call. */
  readonly lastSeenAt: number;
  /** Epoch ms after which the session is dead whatever its activity. */
  readonly expiresAt: number;
  /** The user's unlocked ledger. */
  readonly ledger: UserLedger;
  /** Aborted when the session is revoked or expires: ends its subscriptions. */
  readonly signal: AbortSignal;
}

/**
 * Where sessions live: in process memory (`createMemorySessionRegistry`) or in PostgreSQL, shared
 * by every instance (`createPostgresSessionRegistry`). Lifecycle: `create` after a
 * successful unlock → `authenticate` on every call (refreshes idle expiry) → `revoke` /
 * `revokeUser` / expiry → `close` at shutdown. When a user's last session ends, their ledger is
 * locked (key forgotten) after a grace period.
 */
export interface SessionRegistry {
  /** Starts a session over an unlocked ledger; returns the bearer token (never stored). */
  create(ledger: UserLedger): Promise<{ token: string; session: Session }>;
  /** The live session of a token, refreshing its idle expiry; `null` if unknown, revoked or expired. */
  authenticate(token: string): Promise<Session | null>;
  /** Ends one session; `false` if it was not live. */
  revoke(sessionId: string): Promise<boolean>;
  /** Ends every session of a user except `exceptSessionId`; returns how many ended. */
  revokeUser(userId: string, options?: { exceptSessionId?: string }): Promise<number>;
  /** One live ledger handle per user with a session (for backups, pruning). */
  unlockedLedgers(): Promise<UserLedger[]>;
  /** Ends expired sessions; returns how many. */
  sweep(): Promise<number>;
  /** Ends every session and locks every ledger now (no grace). Idempotent. */
  close(): Promise<void>;
}
