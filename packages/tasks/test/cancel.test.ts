import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { TaskCancelledError, TaskError } from '../src/index.js';
import { collectEvents, eventTrail } from './support/collect-events.js';
import { createGate, untilAborted } from './support/gate.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('cancellation', () => {
  it('cancels a queued task at once, without ever running it', async () => {
    const tasks = manager({ concurrency: 1 });
    const events = collectEvents(tasks);
    const gate = createGate();
    const blocker = tasks.spawn({ name: 'blocker', run: () => gate.promise });
    let ran = false;
    const queued = tasks.spawn({
      name: 'queued',
      run: () => {
        ran = true;
      },
    });
    expect(queued.cancel()).toBe(true);
    expect(queued.status).toBe('cancelled');
    await expect(queued.result).rejects.toBeInstanceOf(TaskCancelledError);
    gate.open();
    await blocker.done;
    expect(ran).toBe(false);
    expect(eventTrail(events).filter((entry) => entry.endsWith(':queued'))).toEqual([
      'queued:queued',
      'cancelled:queued',
    ]);
  });

  it('does not run a task cancelled between spawn and its first turn', async () => {
    const tasks = manager();
    let ran = false;
    const handle = tasks.spawn({
      name: 'eager',
      run: () => {
        ran = true;
      },
    });
    expect(handle.status).toBe('running');
    tasks.cancel(handle.id);
    expect((await handle.done).status).toBe('cancelled');
    expect(ran).toBe(false);
  });

  it('aborts the signal of a running task and ends it as cancelled, not failed', async () => {
    const tasks = manager();
    const events = collectEvents(tasks);
    const started = createGate();
    const handle = tasks.spawn({
      name: 'long',
      run: (ctx) => {
        started.open();
        return untilAborted(ctx.signal);
      },
    });
    await started.promise;
    expect(tasks.cancel(handle.id)).toBe(true);
    const error = await handle.result.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(error).toMatchObject({ code: 'COFFER_TASK_CANCELLED' });
    const snapshot = await handle.done;
    expect(snapshot.status).toBe('cancelled');
    expect(snapshot.error).toBeUndefined();
    expect(eventTrail(events)).toEqual(['queued:long', 'started:long', 'cancelled:long']);
  });

  it('counts any throw after the abort as the cancellation, even a TaskError', async () => {
    const tasks = manager();
    const started = createGate();
    const handle = tasks.spawn({
      name: 'io',
      run: async (ctx) => {
        started.open();
        await untilAborted(ctx.signal).catch(() => undefined);
        throw new TaskError('connection closed');
      },
    });
    await started.promise;
    handle.cancel();
    expect((await handle.done).status).toBe('cancelled');
  });

  it('reports success when the task finishes its work despite the cancel request', async () => {
    const tasks = manager();
    const gate = createGate();
    const handle = tasks.spawn({
      name: 'stubborn',
      run: async () => {
        await gate.promise;
        return 'committed';
      },
    });
    await Promise.resolve();
    expect(handle.cancel()).toBe(true);
    expect(handle.status).toBe('running');
    gate.open();
    await expect(handle.result).resolves.toBe('committed');
  });

  it('does nothing to a finished task', async () => {
    const tasks = manager();
    const events = collectEvents(tasks);
    const handle = tasks.spawn({ name: 'quick', run: () => 42 });
    await handle.done;
    expect(handle.cancel()).toBe(false);
    expect(tasks.cancel(handle.id)).toBe(false);
    expect(tasks.get(handle.id)).toMatchObject({ status: 'succeeded', result: 42 });
    expect(events.filter((event) => event.type === 'cancelled')).toEqual([]);
  });

  it('returns false for an unknown id', () => {
    expect(manager().cancel('missing')).toBe(false);
  });

  it('cancels a task when the signal given to spawn aborts', async () => {
    const tasks = manager();
    const controller = new AbortController();
    const handle = tasks.spawn({
      name: 'linked',
      signal: controller.signal,
      run: (ctx) => untilAborted(ctx.signal),
    });
    await Promise.resolve();
    controller.abort();
    expect((await handle.done).status).toBe('cancelled');
    const already = tasks.spawn({ name: 'late', signal: controller.signal, run: () => 1 });
    expect(already.status).toBe('cancelled');
  });

  it("cancels all of one owner's tasks, queued and running, and leaves others alone", async () => {
    const tasks = manager({ concurrency: 2 });
    const gate = createGate();
    const alice1 = tasks.spawn({ name: 'a1', owner: 'alice', run: (ctx) => untilAborted(ctx.signal) });
    const bob = tasks.spawn({ name: 'b1', owner: 'bob', run: () => gate.promise });
    const alice2 = tasks.spawn({ name: 'a2', owner: 'alice', run: () => 'never' });
    const cancelled = tasks.cancelOwner('alice');
    expect(cancelled.sort()).toEqual([alice1.id, alice2.id].sort());
    expect((await alice1.done).status).toBe('cancelled');
    expect((await alice2.done).status).toBe('cancelled');
    expect(bob.status).toBe('running');
    gate.open();
    expect((await bob.done).status).toBe('succeeded');
  });

  it('lets a cooperative CPU-heavy task observe the abort within 100 ms', async () => {
    const tasks = manager();
    let batches = 0;
    const handle = tasks.spawn({
      name: 'crunch',
      run: async (ctx) => {
        let acc = 0;
        for (;;) {
          // About a millisecond of pure CPU per batch, then a checkpoint.
          for (let i = 0; i < 200_000; i += 1) acc = (acc + i * 31) % 1_000_003;
          batches += 1;
          await ctx.checkpoint();
        }
      },
    });
    const cancelledAt = await new Promise<number>((resolve) => {
      setTimeout(() => {
        const at = performance.now();
        handle.cancel();
        resolve(at);
      }, 50);
    });
    const snapshot = await handle.done;
    const latency = performance.now() - cancelledAt;
    expect(snapshot.status).toBe('cancelled');
    expect(batches).toBeGreaterThan(1);
    expect(latency).toBeLessThan(100);
  });
});
