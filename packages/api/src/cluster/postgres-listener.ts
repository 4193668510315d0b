import pgListen, { type Subscriber } from 'pg-listen';

/** Receives one channel's payloads (already JSON-parsed); must not throw. */
export type ChannelListener = (payload: unknown) => void;

/**
 * One dedicated PostgreSQL connection that `LISTEN`s for the whole process, shared by the session
 * registry, the notification bus and the task runner. Lifecycle: `connect` → `on`/`notify` →
 * `close`. A lost connection is re-opened (and every channel listened to again); notifications sent
 * while it was down are lost, so `onReconnect` callers re-read what they cache.
 */
export interface PostgresListener {
  /** Opens the connection; call once before anything else. */
  connect(): Promise<void>;
  /** Listens to `channel` (on first use) and calls `listener` with each payload; returns the removal function. */
  on(channel: string, listener: ChannelListener): Promise<() => void>;
  /** `NOTIFY channel, json(payload)`: the payload must stay under 8000 bytes once serialized. */
  notify(channel: string, payload: unknown): Promise<void>;
  /** Calls `listener` after each reconnection; returns the removal function. */
  onReconnect(listener: () => void): () => void;
  /** Closes the connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createPostgresListener}. */
export interface PostgresListenerOptions {
  /** Connection string, e.g. the server's `DATABASE_URL`. */
  readonly url: string;
  /** Receives connection errors (the listener keeps retrying). @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** PostgreSQL's limit on a `NOTIFY` payload is 8000 bytes; this leaves room for quoting. */
export const MAX_NOTIFY_BYTES = 7_900;

/**
 * Creates the process's {@link PostgresListener} on `pg-listen` (reconnects with backoff, forever,
 * and checks the connection every 10 s).
 *
 * @example
 * ```ts
 * const listener = createPostgresListener({ url: process.env.DATABASE_URL });
 * await listener.connect();
 * const off = await listener.on('coffer_sessions', (payload) => console.log(payload));
 * ```
 */
export function createPostgresListener(options: PostgresListenerOptions): PostgresListener {
  // pg-listen is CommonJS: its function is both `module.exports` and `.default`.
  const subscriber: Subscriber = pgListen.default(
    { connectionString: options.url, application_name: 'coffer-listen' },
    {
      paranoidChecking: 10_000,
      retryLimit: Number.POSITIVE_INFINITY,
      retryTimeout: Number.POSITIVE_INFINITY,
      retryInterval: (attempt: number) => Math.min(5_000, 100 * 2 ** attempt),
    },
  );
  const channels = new Map<string, Set<ChannelListener>>();
  const reconnectListeners = new Set<() => void>();
  const onError = options.onError ?? (() => {});
  let closed = false;
  subscriber.events.on('error', onError);
  subscriber.events.on('notification', ({ channel, payload }) => {
    for (const listener of [...(channels.get(channel) ?? [])]) listener(payload);
  });
  // pg-listen re-LISTENs every channel itself after reconnecting and then emits 'connected'.
  let connectedOnce = false;
  subscriber.events.on('connected', () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    for (const listener of [...reconnectListeners]) listener();
  });

  return {
    async connect() {
      await subscriber.connect();
    },
    async on(channel, listener) {
      let set = channels.get(channel);
      if (set === undefined) {
        set = new Set();
        channels.set(channel, set);
        await subscriber.listenTo(channel);
      }
      set.add(listener);
      const listeners = set;
      return () => {
        listeners.delete(listener);
      };
    },
    async notify(channel, payload) {
      await subscriber.notify(channel, payload);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await subscriber.close();
    },
  };
}
