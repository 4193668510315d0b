/** A message pushed to every session of a user by `live.notifications`. */
export type Notification =
  | {
      kind: 'task';
      at: number;
      task: {
        id: string;
        name: string;
        status: 'succeeded' | 'failed' | 'cancelled';
        error: { code: string; message: string } | null;
      };
    }
  | { kind: 'notice'; at: number; level: 'info' | 'warning'; message: string };

/** Receives notifications; must not throw. */
export type NotificationListener = (notification: Notification) => void;

/**
 * Fan-out of notifications to a user's subscribers. In memory for one process
 * ({@link createMemoryNotificationBus}); across instances on PostgreSQL `LISTEN`/`NOTIFY`
 * (`createPostgresNotificationBus`).
 */
export interface NotificationBus {
  /** Delivers to every current subscriber of `userId`. */
  publish(userId: string, notification: Notification): void;
  /**
   * Delivers to every subscriber of every user connected to this process (server notices such as
   * "restarting", which concern the process that sends them).
   */
  broadcast(notification: Notification): void;
  /** Adds a listener for one user; returns its removal function. */
  subscribe(userId: string, listener: NotificationListener): () => void;
}

/** Creates the in-process {@link NotificationBus}. */
export function createMemoryNotificationBus(): NotificationBus {
  const listeners = new Map<string, Set<NotificationListener>>();
  const deliver = (set: Set<NotificationListener> | undefined, notification: Notification) => {
    for (const listener of [...(set ?? [])]) listener(notification);
  };
  return {
    publish: (userId, notification) => deliver(listeners.get(userId), notification),
    broadcast: (notification) => {
      for (const set of listeners.values()) deliver(set, notification);
    },
    subscribe(userId, listener) {
      const set = listeners.get(userId) ?? new Set<NotificationListener>();
      listeners.set(userId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
  };
}
