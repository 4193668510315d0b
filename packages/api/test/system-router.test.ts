import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, createCallerFactory, type RequestContext } from '../src/index.js';

// system.* reads only the version and the start time of the services.
const ctx: RequestContext = {
  requestId: 'test',
  token: null,
  remoteAddress: null,
  bufferedBytes: null,
  connection: null,
  httpSocket: null,
  services: { version: '9.9.9', startedAt: Date.now() - 5_000 },
};
const caller = createCallerFactory(appRouter)(ctx);

type Tick = { seq: number; now: string };
/** A server-side caller sees `tracked()` yields as `[id, data, marker]` envelopes, not `{ id, data }`. */
function unwrap(envelope: unknown): { id: string; data: Tick } {
  const [id, data] = envelope as [string, Tick];
  return { id, data };
}

describe('system router', () => {
  it('health reports ok, uptime and version', async () => {
    const health = await caller.system.health();
    expect(health.status).toBe('ok');
    expect(health.version).toBe('9.9.9');
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(4);
  });

  it('clock yields increasing tracked ticks and stops when its signal aborts', async () => {
    const controller = new AbortController();
    const ticks = await createCallerFactory(appRouter)(ctx, { signal: controller.signal }).system.clock({
      intervalMs: 10,
    });
    const seen: { id: string; data: Tick }[] = [];
    for await (const envelope of ticks) {
      seen.push(unwrap(envelope));
      if (seen.length === 3) controller.abort();
    }
    expect(seen.map((tick) => tick.data.seq)).toEqual([1, 2, 3]);
    expect(seen.map((tick) => tick.id)).toEqual(['1', '2', '3']);
    expect(seen.every((tick) => !Number.isNaN(Date.parse(tick.data.now)))).toBe(true);
  });

  it('clock resumes after lastEventId', async () => {
    const controller = new AbortController();
    const ticks = await createCallerFactory(appRouter)(ctx, { signal: controller.signal }).system.clock({
      intervalMs: 10,
      lastEventId: '41',
    });
    const seen: number[] = [];
    for await (const envelope of ticks) {
      seen.push(unwrap(envelope).data.seq);
      controller.abort();
    }
    expect(seen).toEqual([42]);
  });

  it('rejects an out-of-range interval with BAD_REQUEST', async () => {
    const error = await caller.system.clock({ intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });
});
