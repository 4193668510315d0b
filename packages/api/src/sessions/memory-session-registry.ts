import { randomUUID } from 'node:crypto';
import type { LedgerStore, UserLedger } from '@coffer/db';
import { createGraceLocks } from './grace-locks.js';
import { nonNegative, positive } from './registry-options.js';
import type { Session, SessionRegistry } from './session-registry.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

/** Options of {@link createMemorySessionRegistry}. */
export interface MemorySessionRegistryOptions {
  /** Locks ledgers when their sessions end. */
  readonly store: Pick<LedgerStore, 'lock'>;
  /** A session unused this long expires. @default 1_800_000 (30 min) */
  readonly idleTimeoutMs?: number;
  /** A session expires this long after login, used or not. @default 43_200_000 (12 h) */
  readonly absoluteTimeoutMs?: number;
  /** How long a ledger stays unlocked after its user's last session ended. @default 30_000 */
  readonly lockGraceMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
  /** Receives failures of background locks. @default ignore */
  readonly onError?: (error: unknown) => void;
}

interface Entry {
  session: Session & { lastSeenAt: number };
  hash: string;
  controller: AbortController;
  /** Fires at the session's next possible expiry (idle or absolute). */
  timer?: NodeJS.Timeout;
}

/** setTimeout's largest delay (about 24.8 days); a longer wait re-arms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Sessions in process memory, keyed by the SHA-256 of their token. Each session holds its own
 * ledger handle; ending a session schedules `store.lock(handle)` after `lockGraceMs`, and the
 * store closes the database (forgets the key) when the user's last handle is locked.
 *
 * @example
 * ```ts
 * const sessions = createMemorySessionRegistry({ store });
 * const { token } = await sessions.create(await store.unlock('alice', password));
 * ```
 */
export function createMemorySessionRegistry(options: MemorySessionRegistryOptions): SessionRegistry {
  const idle = positive('idleTimeoutMs', options.idleTimeoutMs ?? 30 * 60_000);
  const absolute = positive('absoluteTimeoutMs', options.absoluteTimeoutMs ?? 12 * 3_600_000);
  const grace = nonNegative('lockGraceMs', options.lockGraceMs ?? 30_000);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const byHash = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  let closed = false;

  const locks = createGraceLocks(options.store, grace, onError);
  const end = (entry: Entry) => {
    clearTimeout(entry.timer);
    byHash.delete(entry.hash);
    byId.delete(entry.session.id);
    entry.controller.abort();
    locks.schedule(entry.session.ledger);
  };
  const expired = (entry: Entry, at: number) =>
    at >= entry.session.expiresAt || at - entry.session.lastSeenAt >= idle;
  // One timer per session, armed at the earlier of its idle and absolute expiry: the session (and
  // its subscriptions) end on time, not at the next sweep. `authenticate` only moves `lastSeenAt`;
  // a timer that fires early (the session was used meanwhile) re-arms for the new deadline.
  const arm = (entry: Entry) => {
    const { session } = entry;
    const deadline = Math.min(session.expiresAt, session.lastSeenAt + idle);
    entry.timer = setTimeout(
      () => {
        if (byId.get(session.id) !== entry) return;
        if (expired(entry, now())) end(entry);
        else arm(entry);
      },
      Math.min(Math.max(0, deadline - now()), MAX_TIMER_MS),
    );
    entry.timer.unref();
  };

  return {
    async create(ledger) {
      if (closed) throw new Error('The session registry is closed');
      const token = newSessionToken();
      const at = now();
      const controller = new AbortController();
      const session = {
        id: randomUUID(),
        userId: ledger.user.id,
        username: ledger.user.username,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + absolute,
        ledger,
        signal: controller.signal,
      };
      const entry: Entry = { session, hash: hashSessionToken(token), controller };
      byHash.set(entry.hash, entry);
      byId.set(session.id, entry);
      arm(entry);
      return { token, session };
    },
    async authenticate(token) {
      const entry = byHash.get(hashSessionToken(token));
      if (!entry) return null;
      const at = now();
      if (expired(entry, at) || entry.session.ledger.locked) {
        end(entry);
        return null;
      }
      entry.session.lastSeenAt = at;
      return entry.session;
    },
    async revoke(sessionId) {
      const entry = byId.get(sessionId);
      if (!entry) return false;
      end(entry);
      return true;
    },
    async revokeUser(userId, revokeOptions = {}) {
      let count = 0;
      for (const entry of [...byId.values()]) {
        if (entry.session.userId !== userId || entry.session.id === revokeOptions.exceptSessionId) continue;
        end(entry);
        count += 1;
      }
      return count;
    },
    async unlockedLedgers() {
      const perUser = new Map<string, UserLedger>();
      for (const { session } of byId.values()) {
        if (!session.ledger.locked) perUser.set(session.userId, session.ledger);
      }
      return [...perUser.values()];
    },
    async sweep() {
      const at = now();
      let count = 0;
      for (const entry of [...byId.values()]) {
        if (!expired(entry, at)) continue;
        end(entry);
        count += 1;
      }
      return count;
    },
    async close() {
      closed = true;
      for (const entry of [...byId.values()]) end(entry);
      await locks.flush();
    },
  };
}
