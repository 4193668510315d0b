import { type ChangeEntry, ChangeLogPrunedError, type UserLedger } from '@coffer/db';
import { type TrackedEnvelope, tracked } from '@trpc/server';
import { z } from 'zod';
import { liveStream } from '../live/live-stream.js';
import { overflowAction } from '../live/overflow.js';
import { sharePayload } from '../live/shared-payload.js';
import { listenerIterator } from '../notifications/listener-iterator.js';
import { authedProcedure, sessionBound } from '../procedures.js';
import { liveChangeSchema } from '../schemas/change.js';
import { router } from '../trpc.js';

const notificationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('task'),
    at: z.number(),
    task: z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['succeeded', 'failed', 'cancelled']),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  }),
  z.object({
    kind: z.literal('notice'),
    at: z.number(),
    level: z.enum(['info', 'warning']),
    message: z.string(),
  }),
]);

type LiveChange = z.infer<typeof liveChangeSchema>;

/**
 * One `change` event per change-log entry, `tracked` by its seq. Live entries come from the ledger's notifier, which
 * hands the same entry objects to every subscriber of the user, so the event is validated once and
 * shared (and the WebSocket encoder serialises it once, see `sharePayload`). Replays share too when
 * subscriptions resume together from one seq (a reconnecting client's): `changes.events` reads
 * that page once and hands them the same entry objects.
 */
const changeEventOf = new WeakMap<ChangeEntry, TrackedEnvelope<LiveChange>>();
function changeEvent(change: ChangeEntry): TrackedEnvelope<LiveChange> {
  let event = changeEventOf.get(change);
  if (event === undefined) {
    const payload = sharePayload(liveChangeSchema.parse({ kind: 'change', change }));
    event = tracked(String(change.seq), payload);
    changeEventOf.set(change, event);
  }
  return event;
}

/**
 * The change stream of one ledger, tracked by change-log seq. `changes.events` subscribes to the
 * notifier before it replays the log after `after`, so nothing committed in between is lost, and
 * it yields each seq once. A pruned `lastEventId` becomes one `resync` event, then the stream goes
 * on from the newest seq.
 */
async function* liveChanges(ledger: UserLedger, after: number | null, signal: AbortSignal) {
  let from = after;
  for (;;) {
    try {
      for await (const change of ledger.changes.events({
        ...(from === null ? {} : { after: from }),
        signal,
      })) {
        yield changeEvent(change);
      }
      return;
    } catch (error) {
      if (!(error instanceof ChangeLogPrunedError)) throw error;
      const latestSeq = await ledger.changes.latestSeq();
      yield tracked(
        String(latestSeq),
        liveChangeSchema.parse({ kind: 'resync', latestSeq, floorSeq: error.floorSeq }),
      );
      from = latestSeq;
    }
  }
}

/** `live.*`: push subscriptions. */
export const liveRouter = router({
  /**
   * Every change to the caller's ledger, `tracked` by its change-log seq: resubscribing with
   * `lastEventId` (the client does it on reconnect) resumes with no gap and no duplicate, also
   * across a server restart, since the log is on disk.
   */
  changes: authedProcedure
    .input(
      z
        .strictObject({
          lastEventId: z
            .string()
            .regex(/^\d{1,15}$/)
            .nullish(),
        })
        .optional(),
    )
    .subscription(({ ctx, input, signal }) => {
      const after = input?.lastEventId ? Number(input.lastEventId) : null;
      return liveStream(ctx, () =>
        sessionBound(ctx.session, signal, (bound) => liveChanges(ctx.ledger, after, bound)),
      );
    }),

  /**
   * Outcomes of the caller's tasks and server notices, to every session of the user. Each
   * subscription queues at most `maxBufferedEvents`; past that its connection is shed (1013).
   */
  notifications: authedProcedure.subscription(({ ctx, signal }) => {
    const { notifications, config } = ctx.services;
    return liveStream(ctx, (connection) =>
      sessionBound(ctx.session, signal, (bound) =>
        listenerIterator<z.infer<typeof notificationSchema>>({
          subscribe: (push) => notifications.subscribe(ctx.userId, (n) => push(notificationSchema.parse(n))),
          signal: bound,
          maxBuffered: config.maxBufferedEvents,
          onOverflow: overflowAction(connection, 'Notifications'),
        }),
      ),
    );
  }),
});
