import { setTimeout as sleep } from 'node:timers/promises';
import { type TrackedEnvelope, tracked } from '@trpc/server';
import { z } from 'zod';
import { liveStream } from '../live/live-stream.js';
import { publicProcedure } from '../procedures.js';
import { router } from '../trpc.js';

const clockInput = z.strictObject({
  /** Milliseconds between ticks. */
  intervalMs: z.number().int().min(10).max(60_000).default(1_000),
  /** Set by the client on reconnect: ticks resume after this one. */
  lastEventId: z.string().regex(/^\d+$/).nullish(),
});

const healthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number(), version: z.string() });

/** One `system.clock` tick. */
export interface ClockTick {
  /** 1-based sequence number; also the tracked event id. */
  seq: number;
  /** Server time, ISO 8601. */
  now: string;
}

/** `system.*`: liveness and a heartbeat subscription. */
export const systemRouter = router({
  /** Liveness: `status`, uptime in seconds and the server's version. */
  health: publicProcedure.output(healthSchema).query(({ ctx }) => ({
    status: 'ok' as const,
    uptimeSeconds: Math.round((Date.now() - ctx.services.startedAt) / 1000),
    version: ctx.services.version,
  })),

  /** The server's version. */
  version: publicProcedure
    .output(z.object({ version: z.string() }))
    .query(({ ctx }) => ({ version: ctx.services.version })),

  /**
   * Ticks every `intervalMs` with the server time. Each tick is `tracked` by its sequence number,
   * so a reconnecting client resumes after the last tick it saw. A tick is made only when the
   * previous one was handed to the connection, so a reader that stops reading stops the clock.
   */
  clock: publicProcedure
    .input(clockInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, () => ticks(input, signal))),
});

async function* ticks(
  input: z.infer<typeof clockInput>,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<ClockTick>, void, unknown> {
  let seq = input.lastEventId ? Number(input.lastEventId) : 0;
  while (!signal?.aborted) {
    try {
      await sleep(input.intervalMs, undefined, { signal });
    } catch {
      return; // aborted: the client unsubscribed or the connection closed
    }
    seq += 1;
    yield tracked(String(seq), { seq, now: new Date().toISOString() });
  }
}
