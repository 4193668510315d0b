import { describe, expect, it } from 'vitest';
import { createTaskManager, TaskManagerClosedError } from '../src/index.js';
import { createGate, untilAborted } from './support/gate.js';
import { RecordingLogger } from './support/recording-logger.js';

describe('TaskManager#shutdown', () => {
  it('cancels queued and running tasks and reports them stopped', async () => {
    const tasks = createTaskManager({ concurrency: 1 });
    const running = tasks.spawn({ name: 'running', run: (ctx) => untilAborted(ctx.signal) });
    const queued = tasks.spawn({ name: 'queued', run: () => 'never' });
    const report = await tasks.shutdown({ deadlineMs: 5000 });
    expect(report.timedOut).toEqual([]);
    expect(report.stopped.map((task) => [task.name, task.status])).toEqual([
      ['running', 'cancelled'],
      ['queued', 'cancelled'],
    ]);
    expect(running.status).toBe('cancelled');
    expect(queued.status).toBe('cancelled');
  });

  it('reports a task that ignores its signal as timed out at the deadline', async () => {
    const logger = new RecordingLogger();
    const tasks = createTaskManager({ logger });
    const stubborn = createGate();
    const started = createGate();
    const polite = tasks.spawn({ name: 'polite', run: (ctx) => untilAborted(ctx.signal) });
    const ignoring = tasks.spawn({
      name: 'ignoring',
      run: () => {
        started.open();
        return stubborn.promise;
      },
    });
    await started.promise;
    const report = await tasks.shutdown({ deadlineMs: 50 });
    expect(report.stopped.map((task) => task.id)).toEqual([polite.id]);
    expect(report.timedOut.map((task) => [task.id, task.status])).toEqual([[ignoring.id, 'running']]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', obj: { taskIds: [ignoring.id], deadlineMs: 50 } }),
    );
    stubborn.open();
    await ignoring.done;
  });

  it('refuses new spawns once shutdown has begun', async () => {
    const tasks = createTaskManager();
    const shutdown = tasks.shutdown();
    expect(tasks.closed).toBe(true);
    expect(() => tasks.spawn({ name: 'late', run: () => 1 })).toThrow(TaskManagerClosedError);
    await shutdown;
  });

  it('refuses spawns even from a listener reacting to the cancellations', async () => {
    const tasks = createTaskManager({ concurrency: 1 });
    const gate = createGate();
    const errors: unknown[] = [];
    tasks.subscribe((event) => {
      if (event.type !== 'cancelled') return;
      try {
        tasks.spawn({ name: 'respawn', run: () => 1 });
      } catch (err) {
        errors.push(err);
      }
    });
    tasks.spawn({ name: 'blocker', run: () => gate.promise });
    tasks.spawn({ name: 'queued', run: () => 1 });
    const shutdown = tasks.shutdown({ deadlineMs: 1000 });
    gate.open();
    await shutdown;
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toBeInstanceOf(TaskManagerClosedError);
    expect(tasks.list().map((task) => task.name)).toEqual(['blocker', 'queued']);
  });

  it('returns the same report when called twice', async () => {
    const tasks = createTaskManager();
    const first = tasks.shutdown({ deadlineMs: 10 });
    expect(tasks.shutdown({ deadlineMs: 99 })).toBe(first);
    await first;
  });

  it('resolves at once with nothing to stop', async () => {
    const tasks = createTaskManager();
    await expect(tasks.shutdown({ deadlineMs: 60_000 })).resolves.toEqual({ stopped: [], timedOut: [] });
  });

  it('rejects a bad deadline with a TypeError and stays open', () => {
    const tasks = createTaskManager();
    expect(() => tasks.shutdown({ deadlineMs: -1 })).toThrow(
      'options.deadlineMs must be a finite number >= 0',
    );
    expect(tasks.closed).toBe(false);
  });
});
