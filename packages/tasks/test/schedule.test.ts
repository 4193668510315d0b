import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskError, TaskManagerClosedError } from '../src/index.js';
import { collectEvents } from './support/collect-events.js';
import { createGate, type Gate } from './support/gate.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('TaskManager#every', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once per interval, first after one interval', async () => {
    const tasks = manager();
    const startedAt: number[] = [];
    const t0 = Date.now();
    tasks.every(1000, { name: 'tick', run: () => startedAt.push(Date.now() - t0) });
    await vi.advanceTimersByTimeAsync(999);
    expect(startedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(2001);
    expect(startedAt).toEqual([1000, 2000, 3000]);
  });

  it('runs at once with runOnStart', async () => {
    const tasks = manager();
    const startedAt: number[] = [];
    const t0 = Date.now();
    tasks.every(1000, { name: 'tick', runOnStart: true, run: () => startedAt.push(Date.now() - t0) });
    await vi.advanceTimersByTimeAsync(1500);
    expect(startedAt).toEqual([0, 1000]);
  });

  it('keeps every wait between intervalMs and intervalMs + jitterMs', async () => {
    const tasks = manager();
    const startedAt: number[] = [];
    tasks.every(1000, { name: 'jittery', jitterMs: 300, run: () => startedAt.push(Date.now()) });
    await vi.advanceTimersByTimeAsync(60_000);
    const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i]!);
    expect(gaps.length).toBeGreaterThan(40);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThan(1300);
    }
    // Jitter actually spreads the runs rather than adding a constant.
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('skips ticks while the previous run is still going (skipIfRunning, the default)', async () => {
    const tasks = manager();
    const gates: Gate[] = [];
    const schedule = tasks.every(100, {
      name: 'slow',
      run: () => {
        const gate = createGate();
        gates.push(gate);
        return gate.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(450);
    expect(gates).toHaveLength(1);
    gates[0]!.open();
    await vi.advanceTimersByTimeAsync(100);
    expect(gates).toHaveLength(2);
    expect(schedule.lastTask?.status).toBe('running');
    gates[1]!.open();
    schedule.stop();
  });

  it('starts overlapping runs with skipIfRunning: false', async () => {
    const tasks = manager();
    const gate = createGate();
    let runs = 0;
    tasks.every(100, {
      name: 'overlap',
      skipIfRunning: false,
      run: () => {
        runs += 1;
        return gate.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(450);
    expect(runs).toBe(4);
    gate.open();
  });

  it('reports a failing run and keeps the schedule going', async () => {
    const tasks = manager();
    const events = collectEvents(tasks);
    let runs = 0;
    tasks.every(100, {
      name: 'flaky',
      run: () => {
        runs += 1;
        if (runs === 1) throw new TaskError('remote unavailable');
        if (runs === 2) throw new Error('bug');
        return runs;
      },
    });
    await vi.advanceTimersByTimeAsync(350);
    expect(events.filter((event) => event.type !== 'progress').map((event) => event.type)).toEqual([
      'queued',
      'started',
      'failed',
      'queued',
      'started',
      'failed',
      'queued',
      'started',
      'succeeded',
    ]);
    expect(events.filter((event) => event.type === 'failed').map((event) => event.task.error?.code)).toEqual([
      'COFFER_TASK_FAILED',
      'COFFER_TASK_INTERNAL',
    ]);
  });

  it('stops ticking after stop(), and stop() is idempotent', async () => {
    const tasks = manager();
    let runs = 0;
    const schedule = tasks.every(100, {
      name: 'stoppable',
      run: () => {
        runs += 1;
      },
    });
    await vi.advanceTimersByTimeAsync(250);
    expect(schedule.nextRunAt).not.toBeNull();
    schedule.stop();
    schedule.stop();
    expect(schedule.nextRunAt).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });

  it('stops when its signal aborts', async () => {
    const tasks = manager();
    const controller = new AbortController();
    let runs = 0;
    tasks.every(100, {
      name: 'signalled',
      signal: controller.signal,
      run: () => {
        runs += 1;
      },
    });
    await vi.advanceTimersByTimeAsync(150);
    controller.abort();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
  });

  it("stops an owner's schedules on cancelOwner and every schedule on shutdown", async () => {
    const tasks = manager();
    const runs = { alice: 0, bob: 0 };
    tasks.every(100, { name: 'a', owner: 'alice', run: () => (runs.alice += 1) });
    tasks.every(100, { name: 'b', owner: 'bob', run: () => (runs.bob += 1) });
    await vi.advanceTimersByTimeAsync(150);
    tasks.cancelOwner('alice');
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toEqual({ alice: 1, bob: 3 });
    await tasks.shutdown({ deadlineMs: 0 });
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual({ alice: 1, bob: 3 });
    expect(() => tasks.every(100, { name: 'late', run: () => 1 })).toThrow(TaskManagerClosedError);
  });

  it('rejects a bad interval or jitter with a TypeError', () => {
    const tasks = manager();
    expect(() => tasks.every(0, { name: 'x', run: () => 1 })).toThrow(
      'intervalMs must be a finite number > 0',
    );
    expect(() => tasks.every(10, { name: 'x', jitterMs: -1, run: () => 1 })).toThrow('options.jitterMs');
  });
});
