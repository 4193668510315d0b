import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskEvent, TaskProgress } from '../src/index.js';
import { collectEvents } from './support/collect-events.js';
import { createGate } from './support/gate.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

function progressOf(events: readonly TaskEvent[]): (TaskProgress | null)[] {
  return events.filter((event) => event.type === 'progress').map((event) => event.task.progress);
}

describe('progress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits at most one progress event per interval and always delivers the last update', async () => {
    const tasks = manager({ progressIntervalMs: 100 });
    const emittedAt: number[] = [];
    const events = collectEvents(tasks);
    tasks.subscribe((event) => {
      if (event.type === 'progress') emittedAt.push(Date.now());
    });
    const gate = createGate();
    const handle = tasks.spawn({
      name: 'import',
      run: async (ctx) => {
        // 1 000 updates, one per simulated millisecond.
        for (let done = 1; done <= 1000; done += 1) {
          ctx.progress({ done, total: 1000, message: `row ${done}` });
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await gate.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(1200);
    const emitted = progressOf(events);
    // One second of updates at most 10/s: the leading event plus about ten more, not 1 000.
    expect(emitted.length).toBeGreaterThanOrEqual(9);
    expect(emitted.length).toBeLessThanOrEqual(12);
    for (let i = 1; i < emittedAt.length; i += 1) {
      expect(emittedAt[i]! - emittedAt[i - 1]!).toBeGreaterThanOrEqual(100);
    }
    expect(emitted[0]).toEqual({ done: 1, total: 1000, message: 'row 1' });
    expect(emitted.at(-1)).toEqual({ done: 1000, total: 1000, message: 'row 1000' });
    gate.open();
    await handle.done;
  });

  it('flushes a pending update before the final event, however soon the task ends', async () => {
    const tasks = manager({ progressIntervalMs: 100 });
    const events = collectEvents(tasks);
    const handle = tasks.spawn({
      name: 'burst',
      run: (ctx) => {
        for (let done = 1; done <= 50; done += 1) ctx.progress({ done, total: 50 });
        return 'ok';
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    const snapshot = await handle.done;
    expect(events.map((event) => event.type)).toEqual([
      'queued',
      'started',
      'progress',
      'progress',
      'succeeded',
    ]);
    expect(progressOf(events)).toEqual([
      { done: 1, total: 50 },
      { done: 50, total: 50 },
    ]);
    expect(snapshot.progress).toEqual({ done: 50, total: 50 });
  });

  it('keeps the latest progress in the snapshot even between events', async () => {
    const tasks = manager({ progressIntervalMs: 100 });
    const gate = createGate();
    const reported = createGate();
    const handle = tasks.spawn({
      name: 'steps',
      run: async (ctx) => {
        ctx.progress({ done: 1 });
        ctx.progress({ done: 2, message: 'second' });
        reported.open();
        await gate.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    await reported.promise;
    expect(handle.snapshot().progress).toEqual({ done: 2, message: 'second' });
    expect(tasks.get(handle.id)?.progress).toEqual({ done: 2, message: 'second' });
    gate.open();
    await handle.done;
  });

  it('throws a TypeError into the task for malformed progress', async () => {
    const tasks = manager();
    const handle = tasks.spawn({
      name: 'bad-progress',
      run: (ctx) => {
        ctx.progress({ done: Number.NaN });
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    const snapshot = await handle.done;
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error?.code).toBe('COFFER_TASK_INTERNAL');
    const error = await handle.result.catch((err: unknown) => err);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});
