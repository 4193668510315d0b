import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, type CofferContext, createCallerFactory } from '../src/index.js';

const ctx: CofferContext = {
  requestId: 'test',
  token: null,
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
    const seen: number[] = [];
    for await (const envelope of ticks) {
      const { id, data } = unwrap(envelope);
      seen.push(data.seq);
      expect(id).toBe(String(data.seq));
      expect(Number.isNaN(Date.parse(data.now))).toBe(false);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('clock resumes after lastEventId', async () => {
    const controller = new AbortController();
    const ticks = await createCallerFactory(appRouter)(ctx, { signal: controller.signal }).system.clock({
      intervalMs: 10,
      lastEventId: '41',
    });
    for await (const envelope of ticks) {
      expect(unwrap(envelope).data.seq).toBe(42);
      controller.abort();
    }
  });

  it('rejects an out-of-range interval with BAD_REQUEST', async () => {
    const error = await caller.system.clock({ intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });
});
