import type { CofferClient, RouterOutputs, SubscriptionEvent } from '@coffer/client';
import { expect } from 'vitest';
import type { startServer } from '../helpers.js';
import { type Collected, collect } from './clients.js';

type Notice = SubscriptionEvent<RouterOutputs['live']['notifications']>;

/** A client's `live.notifications` subscription, and a way to publish notices to its user. */
export interface NoticeProbe {
  /** What the subscription received. */
  readonly notices: Collected<Notice>;
  /** Publishes an info notice with `message` to the user, at once. */
  notify(message: string): void;
  /** Publishes `ready?` until the subscription receives something (it is live then). */
  untilLive(): Promise<void>;
  /** Publishes `message` until it arrives after what the subscription had received so far. */
  untilDelivered(message: string): Promise<void>;
}

/** Subscribes `client` (signed in with `token`) to `live.notifications` on `started`. */
export async function probeNotices(
  started: Awaited<ReturnType<typeof startServer>>,
  client: CofferClient,
  token: string,
): Promise<NoticeProbe> {
  const session = await started.composed.sessions.authenticate(token);
  const notices = collect<Notice>((h) => client.trpc.live.notifications.subscribe(undefined, h));
  const notify = (message: string) =>
    started.composed.server.services.notifications.publish(session?.userId ?? '', {
      kind: 'notice',
      at: Date.now(),
      level: 'info',
      message,
    });
  const untilReceived = (message: string, received: () => boolean) =>
    expect
      .poll(
        () => {
          notify(message);
          return received();
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  return {
    notices,
    notify,
    untilLive: () => untilReceived('ready?', () => notices.events.length > 0),
    untilDelivered(message) {
      const seen = notices.events.length;
      return untilReceived(message, () =>
        notices.events.slice(seen).some((n) => n.kind === 'notice' && n.message === message),
      );
    },
  };
}
