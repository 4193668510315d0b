import { randomUUID } from 'node:crypto';
import type { SharedLedgerStore, UserLedger } from '@coffer/db';
import type { Pool } from 'pg';
import { createGraceLocks } from '../sessions/grace-locks.js';
import { nonNegative, positive } from '../sessions/registry-options.js';
import type { Session, SessionRegistry } from '../sessions/session-registry.js';
import { hashSessionToken, newSessionToken } from '../sessions/session-token.js';
import { CLUSTER_SCHEMA } from './cluster-schema.js';
import type { PostgresListener } from './postgres-listener.js';

/** The `NOTIFY` channel on which ended sessions are announced (`{ ids: string[] }`). */
export const SESSIONS_ENDED_CHANNEL = 'coffer_sessions_ended';

/** Options of {@link createPostgresSessionRegistry}. */
export interface PostgresSessionRegistryOptions {
  readonly pool: Pool;
  /** The process's shared `LISTEN` connection (connected). */
  readonly listener: PostgresListener;
  /** Seals the data key under the token at login, opens it on another instance, locks handles. */
  readonly store: Pick<SharedLedgerStore, 'sealLedgerKey' | 'openSealedLedger' | 'lock'>;
  /** A session unused this long expires (on every instance). @default 1_800_000 (30 min) */
  readonly idleTimeoutMs?: number;
  /** A session expires this long after login. @default 43_200_000 (12 h) */
  readonly absoluteTimeoutMs?: number;
  /** How long a ledger handle stays open on this instance after its session left it. @default 30_000 */
  readonly lockGraceMs?: number;
  /** `last_seen_at` is written at most this often per session and instance. @default 60_000 */
  readonly touchIntervalMs?: number;
  /**
   * A cached session is re-read at most this long after its last check, so a revocation whose
   * `NOTIFY` was lost (listener reconnecting) still takes effect. @default 5_000
   */
  readonly recheckMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
  /** Receives failures of background work (locks, touches, notifications). @default ignore */
  readonly onError?: (error: unknown) => void;
}

interface Row {
  id: string;
  user_id: string;
  username: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  sealed_key: Uint8Array;
}

interface Entry {
  session: Session & { lastSeenAt: number };
  hash: string;
  controller: AbortController;
  /** When the row was last read or written by this instance. */
  checkedAt: number;
  /** When `last_seen_at` was last written by this instance. */
  touchedAt: number;
  timer?: NodeJS.Timeout;
}

const T = `${CLUSTER_SCHEMA}.sessions`;
const MAX_TIMER_MS = 2_147_483_647;
/** Session ids per `NOTIFY` (36-byte UUIDs stay far below the 8000-byte payload limit). */
const IDS_PER_NOTIFY = 100;

/**
 * Sessions shared by every instance on one PostgreSQL database. A row holds the token's SHA-256,
 * the user, the times, and the user's data key sealed under the token itself (`sealLedgerKey`), so
 * only a caller holding the token can open the ledger — on any instance. `authenticate` is one Map
 * hit when this instance already serves the session (re-read at most every `recheckMs`), else one
 * row read and `openSealedLedger`. `last_seen_at` is written at most every `touchIntervalMs`, so
 * idle expiry happens between `idleTimeoutMs` and `idleTimeoutMs + touchIntervalMs`. Revocation deletes the row and `NOTIFY`s the ids; every
 * instance aborts the sessions' signals (their subscriptions end) and locks their handles.
 *
 * @example
 * ```ts
 * const sessions = await createPostgresSessionRegistry({ pool, listener, store });
 * const { token } = await sessions.create(ledger);
 * ```
 */
export async function createPostgresSessionRegistry(
  options: PostgresSessionRegistryOptions,
): Promise<SessionRegistry> {
  const { pool, listener, store } = options;
  const idle = positive('idleTimeoutMs', options.idleTimeoutMs ?? 30 * 60_000);
  const absolute = positive('absoluteTimeoutMs', options.absoluteTimeoutMs ?? 12 * 3_600_000);
  const grace = nonNegative('lockGraceMs', options.lockGraceMs ?? 30_000);
  const touchInterval = nonNegative('touchIntervalMs', options.touchIntervalMs ?? 60_000);
  const recheck = nonNegative('recheckMs', options.recheckMs ?? 5_000);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const byHash = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  const opening = new Map<string, Promise<Entry | null>>();
  let closed = false;

  const locks = createGraceLocks(store, grace, onError);
  /** Forgets a session on this instance (the row is the caller's business). */
  const end = (entry: Entry) => {
    if (byId.get(entry.session.id) !== entry) return;
    clearTimeout(entry.timer);
    byHash.delete(entry.hash);
    byId.delete(entry.session.id);
    entry.controller.abort();
    locks.schedule(entry.session.ledger);
  };
  const announce = async (ids: readonly string[]) => {
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) {
      await listener.notify(SESSIONS_ENDED_CHANNEL, { ids: ids.slice(i, i + IDS_PER_NOTIFY) });
    }
  };
  /** Deletes rows, ends the local entries and tells the other instances. */
  const endEverywhere = async (ids: readonly string[]) => {
    for (const id of ids) {
      const entry = byId.get(id);
      if (entry) end(entry);
    }
    if (ids.length > 0) await announce(ids);
  };
  // Another instance may have used the session up to `touchIntervalMs` before the row shows it, so
  // idle expiry allows that much slack (it is exact with `touchIntervalMs: 0`).
  const deadline = (lastSeenAt: number, expiresAt: number) =>
    Math.min(expiresAt, lastSeenAt + idle + touchInterval);

  /** Re-reads the row; ends the entry (and deletes the row) if it is gone or expired. */
  const refresh = async (entry: Entry, at: number, touch: boolean): Promise<boolean> => {
    const { rows } = touch
      ? await pool.query<Row>(
          `UPDATE ${T} SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1 RETURNING *`,
          [entry.session.id, entry.session.lastSeenAt],
        )
      : await pool.query<Row>(`SELECT * FROM ${T} WHERE id = $1`, [entry.session.id]);
    const row = rows[0];
    entry.checkedAt = at;
    if (touch) entry.touchedAt = at;
    if (row === undefined) {
      end(entry);
      return false;
    }
    entry.session.lastSeenAt = Math.max(entry.session.lastSeenAt, Number(row.last_seen_at));
    if (at >= deadline(entry.session.lastSeenAt, entry.session.expiresAt)) {
      await pool.query(`DELETE FROM ${T} WHERE id = $1`, [entry.session.id]);
      await endEverywhere([entry.session.id]);
      return false;
    }
    return true;
  };
  // The local timer fires at the session's deadline as this instance knows it; the row may say the
  // session was used elsewhere meanwhile, and then the timer re-arms.
  const arm = (entry: Entry) => {
    const { session } = entry;
    const wait = deadline(session.lastSeenAt, session.expiresAt) - now();
    entry.timer = setTimeout(
      () => {
        if (byId.get(session.id) !== entry) return;
        refresh(entry, now(), false)
          .then((live) => {
            if (live) arm(entry);
          })
          .catch(onError);
      },
      Math.min(Math.max(0, wait), MAX_TIMER_MS),
    );
    entry.timer.unref();
  };
  const remember = (entry: Entry) => {
    byHash.set(entry.hash, entry);
    byId.set(entry.session.id, entry);
    arm(entry);
    return entry;
  };
  const newEntry = (row: Row, ledger: UserLedger, hash: string, at: number): Entry => {
    const controller = new AbortController();
    const session = {
      id: row.id,
      userId: row.user_id,
      username: row.username,
      createdAt: Number(row.created_at),
      lastSeenAt: Math.max(Number(row.last_seen_at), at),
      expiresAt: Number(row.expires_at),
      ledger,
      signal: controller.signal,
    };
    return { session, hash, controller, checkedAt: at, touchedAt: Number(row.last_seen_at) };
  };
  /** Loads a session this instance does not hold yet: one row read, then the sealed key opened. */
  const open = async (token: string, hash: string): Promise<Entry | null> => {
    const { rows } = await pool.query<Row>(`SELECT * FROM ${T} WHERE token_hash = $1`, [hash]);
    const row = rows[0];
    const at = now();
    if (row === undefined) return null;
    if (at >= deadline(Number(row.last_seen_at), Number(row.expires_at))) {
      await pool.query(`DELETE FROM ${T} WHERE id = $1`, [row.id]);
      await announce([row.id]);
      return null;
    }
    let ledger: UserLedger;
    try {
      ledger = await store.openSealedLedger(row.user_id, row.sealed_key, Buffer.from(token));
    } catch (error) {
      onError(error);
      return null;
    }
    if (closed) {
      await locks.lockNow(ledger);
      return null;
    }
    const existing = byHash.get(hash);
    if (existing) {
      await locks.lockNow(ledger);
      return existing;
    }
    return remember(newEntry(row, ledger, hash, at));
  };

  const offEnded = await listener.on(SESSIONS_ENDED_CHANNEL, (payload) => {
    const ids = (payload as { ids?: unknown }).ids;
    if (!Array.isArray(ids)) return;
    for (const id of ids) {
      const entry = typeof id === 'string' ? byId.get(id) : undefined;
      if (entry) end(entry);
    }
  });
  // While the listener was down, revocations may have been missed: re-check every cached session.
  const offReconnect = listener.onReconnect(() => {
    for (const entry of byId.values()) entry.checkedAt = Number.NEGATIVE_INFINITY;
  });

  return {
    async create(ledger) {
      if (closed) throw new Error('The session registry is closed');
      const token = newSessionToken();
      const hash = hashSessionToken(token);
      const sealed = await store.sealLedgerKey(ledger, Buffer.from(token));
      const at = now();
      const row: Row = {
        id: randomUUID(),
        user_id: ledger.user.id,
        username: ledger.user.username,
        created_at: String(at),
        last_seen_at: String(at),
        expires_at: String(at + absolute),
        sealed_key: sealed,
      };
      await pool.query(
        `INSERT INTO ${T} (id, token_hash, user_id, username, created_at, last_seen_at, expires_at, sealed_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.id, hash, row.user_id, row.username, at, at, at + absolute, Buffer.from(sealed)],
      );
      const entry = remember(newEntry(row, ledger, hash, at));
      return { token, session: entry.session };
    },
    async authenticate(token) {
      if (closed) return null;
      const hash = hashSessionToken(token);
      let entry = byHash.get(hash);
      if (entry === undefined) {
        let pending = opening.get(hash);
        if (pending === undefined) {
          pending = open(token, hash).finally(() => opening.delete(hash));
          opening.set(hash, pending);
        }
        entry = (await pending) ?? undefined;
        if (entry === undefined) return null;
      }
      const at = now();
      if (at >= entry.session.expiresAt || entry.session.ledger.locked) {
        await pool.query(`DELETE FROM ${T} WHERE id = $1`, [entry.session.id]);
        await endEverywhere([entry.session.id]);
        return null;
      }
      entry.session.lastSeenAt = Math.max(entry.session.lastSeenAt, at);
      const touch = at - entry.touchedAt >= touchInterval;
      if (touch || at - entry.checkedAt >= recheck) {
        if (!(await refresh(entry, at, touch))) return null;
      }
      return entry.session;
    },
    async revoke(sessionId) {
      const { rowCount } = await pool.query(`DELETE FROM ${T} WHERE id = $1`, [sessionId]);
      const local = byId.has(sessionId);
      await endEverywhere([sessionId]);
      return (rowCount ?? 0) > 0 || local;
    },
    async revokeUser(userId, revokeOptions = {}) {
      const { rows } = await pool.query<{ id: string }>(
        `DELETE FROM ${T} WHERE user_id = $1 AND id <> $2 RETURNING id`,
        [userId, revokeOptions.exceptSessionId ?? '00000000-0000-0000-0000-000000000000'],
      );
      const ids = rows.map((row) => row.id);
      await endEverywhere(ids);
      return ids.length;
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
      // Rows other instances touched recently are kept; `touchIntervalMs` of slack covers touches
      // not yet written.
      const { rows } = await pool.query<{ id: string }>(
        `DELETE FROM ${T} WHERE expires_at <= $1 OR last_seen_at + $2 <= $1 RETURNING id`,
        [at, idle + touchInterval],
      );
      const ids = rows.map((row) => row.id);
      await endEverywhere(ids);
      return ids.length;
    },
    async close() {
      if (closed) return;
      closed = true;
      offEnded();
      offReconnect();
      // The rows stay: the sessions live on, served by the other instances.
      for (const entry of [...byId.values()]) end(entry);
      await locks.flush();
    },
  };
}
