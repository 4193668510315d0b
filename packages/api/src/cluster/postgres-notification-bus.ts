import type { Pool } from 'pg';
import type {
  Notification,
  NotificationBus,
  NotificationListener,
} from '../notifications/notification-bus.js';
import { CLUSTER_SCHEMA } from './cluster-schema.js';
import { MAX_NOTIFY_BYTES, type PostgresListener } from './postgres-listener.js';

/** The `NOTIFY` channel of {@link createPostgresNotificationBus}. */
export const NOTIFICATIONS_CHANNEL = 'coffer_notifications';

/** What travels on the channel: the notification itself, or the id of its row when too big. */
type Envelope = { userId: string; notification: Notification } | { userId: string; ref: string };

/** Options of {@link createPostgresNotificationBus}. */
export interface PostgresNotificationBusOptions {
  /** Pool for the rare oversized notification (stored, then sent by id). */
  readonly pool: Pool;
  /** The process's shared `LISTEN` connection (connected). */
  readonly listener: PostgresListener;
  /** Receives delivery failures (a lost row, a dropped connection). @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** Stored oversized notifications older than this are deleted when the next one is stored. */
const STORED_TTL_MS = 3_600_000;

/**
 * A {@link NotificationBus} across every instance on one PostgreSQL database: `publish` sends a
 * `NOTIFY` and each instance (this one included) delivers to its own subscribers when the
 * notification comes back. A notification over ~7.9 KB is stored in `coffer_api.notifications` and
 * sent by id. `broadcast` (server notices such as "restarting") reaches this instance's subscribers
 * only. Delivery is at most once: an instance whose `LISTEN` connection is down misses what
 * was sent meanwhile (task outcomes stay readable through `tasks.list`).
 *
 * @example
 * ```ts
 * const bus = await createPostgresNotificationBus({ pool, listener });
 * bus.publish(userId, { kind: 'notice', at: Date.now(), level: 'info', message: 'hello' });
 * ```
 */
export async function createPostgresNotificationBus(
  options: PostgresNotificationBusOptions,
): Promise<NotificationBus & { close(): void }> {
  const { pool, listener } = options;
  const onError = options.onError ?? (() => {});
  const listeners = new Map<string, Set<NotificationListener>>();

  const deliverLocally = (userId: string | null, notification: Notification) => {
    const sets = userId === null ? [...listeners.values()] : [listeners.get(userId)];
    for (const set of sets) for (const l of [...(set ?? [])]) l(notification);
  };
  const received = async (envelope: Envelope) => {
    if (!listeners.has(envelope.userId)) return;
    if ('notification' in envelope) {
      deliverLocally(envelope.userId, envelope.notification);
      return;
    }
    const { rows } = await pool.query<{ body: string }>(
      `SELECT body FROM ${CLUSTER_SCHEMA}.notifications WHERE id = $1`,
      [envelope.ref],
    );
    const body = rows[0]?.body;
    if (body !== undefined) deliverLocally(envelope.userId, JSON.parse(body) as Notification);
  };
  const off = await listener.on(NOTIFICATIONS_CHANNEL, (payload) => {
    received(payload as Envelope).catch(onError);
  });

  const send = async (userId: string, notification: Notification) => {
    const inline: Envelope = { userId, notification };
    if (Buffer.byteLength(JSON.stringify(inline)) <= MAX_NOTIFY_BYTES) {
      await listener.notify(NOTIFICATIONS_CHANNEL, inline);
      return;
    }
    const at = Date.now();
    await pool.query(`DELETE FROM ${CLUSTER_SCHEMA}.notifications WHERE created_at < $1`, [
      at - STORED_TTL_MS,
    ]);
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO ${CLUSTER_SCHEMA}.notifications (created_at, body) VALUES ($1, $2) RETURNING id`,
      [at, JSON.stringify(notification)],
    );
    await listener.notify(NOTIFICATIONS_CHANNEL, { userId, ref: String(rows[0]?.id) });
  };

  return {
    publish: (userId, notification) => {
      send(userId, notification).catch(onError);
    },
    // Server notices (a restart) concern the instance that sends them: delivered here only.
    broadcast: (notification) => deliverLocally(null, notification),
    subscribe(userId, listenerFn) {
      const set = listeners.get(userId) ?? new Set<NotificationListener>();
      listeners.set(userId, set);
      set.add(listenerFn);
      return () => {
        set.delete(listenerFn);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    close: off,
  };
}
