import type { Pool } from 'pg';
import type {
  Notification,
  NotificationBus,
  NotificationListener,
} from '../notifications/notification-bus.js';
import { CLUSTER_SCHEMA } from './cluster-schema.js';
import { createClusterSecretBox } from './cluster-secret-box.js';
import { MAX_NOTIFY_BYTES, type PostgresListener } from './postgres-listener.js';

/** The `NOTIFY` channel of {@link createPostgresNotificationBus}. */
export const NOTIFICATIONS_CHANNEL = 'coffer_notifications';

/**
 * What travels on the channel: the notification sealed under the cluster secret, or the id of its
 * (sealed) row when too big. A task outcome may quote the user's CSV, and `NOTIFY` payloads can be
 * spilled to disk (`pg_notify/`) and the table is on disk: neither ever holds one in clear.
 */
type Envelope = { userId: string; sealed: string } | { userId: string; ref: string };

/** Options of {@link createPostgresNotificationBus}. */
export interface PostgresNotificationBusOptions {
  /** Pool for the rare oversized notification (stored, then sent by id). */
  readonly pool: Pool;
  /** The process's shared `LISTEN` connection (connected). */
  readonly listener: PostgresListener;
  /** `COFFER_CLUSTER_SECRET`: every notification is sealed under it (AES-256-GCM, user id bound). */
  readonly clusterSecret: string;
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
 * const bus = await createPostgresNotificationBus({ pool, listener, clusterSecret });
 * bus.publish(userId, { kind: 'notice', at: Date.now(), level: 'info', message: 'hello' });
 * ```
 */
export async function createPostgresNotificationBus(
  options: PostgresNotificationBusOptions,
): Promise<NotificationBus & { close(): void }> {
  const { pool, listener } = options;
  const box = createClusterSecretBox(options.clusterSecret);
  const open = (sealed: string, userId: string) => JSON.parse(box.open(sealed, userId)) as Notification;
  const onError = options.onError ?? (() => {});
  const listeners = new Map<string, Set<NotificationListener>>();

  const deliverLocally = (userId: string | null, notification: Notification) => {
    const sets = userId === null ? [...listeners.values()] : [listeners.get(userId)];
    for (const set of sets) for (const l of [...(set ?? [])]) l(notification);
  };
  const received = async (envelope: Envelope) => {
    if (!listeners.has(envelope.userId)) return;
    if ('sealed' in envelope) {
      deliverLocally(envelope.userId, open(envelope.sealed, envelope.userId));
      return;
    }
    const { rows } = await pool.query<{ body: string }>(
      `SELECT body FROM ${CLUSTER_SCHEMA}.notifications WHERE id = $1`,
      [envelope.ref],
    );
    const body = rows[0]?.body;
    if (body !== undefined) deliverLocally(envelope.userId, open(body, envelope.userId));
  };
  const off = await listener.on(NOTIFICATIONS_CHANNEL, (payload) => {
    received(payload as Envelope).catch(onError);
  });

  const send = async (userId: string, notification: Notification) => {
    const sealed = box.seal(JSON.stringify(notification), userId);
    const inline: Envelope = { userId, sealed };
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
      [at, sealed],
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
