import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTaskManager, TaskError } from '../src/index.js';
import { createGate, untilAborted } from './support/gate.js';

/** Lets every pending rejection be noticed: unhandled ones are reported after a macrotask. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe('unhandled rejections', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('never arise from fire-and-forget tasks that fail, crash or are cancelled', async () => {
    const tasks = createTaskManager({ concurrency: 1 });
    const started = createGate();
    tasks.spawn({ name: 'expected', run: () => Promise.reject(new TaskError('nope')) });
    tasks.spawn({
      name: 'bug',
      run: () => {
        throw new Error('bug');
      },
    });
    const running = tasks.spawn({
      name: 'running',
      run: (ctx) => {
        started.open();
        return untilAborted(ctx.signal);
      },
    });
    const queued = tasks.spawn({ name: 'queued', run: () => 1 });
    queued.cancel();
    await started.promise;
    running.cancel();
    await running.done;
    await tasks.shutdown({ deadlineMs: 100 });
    await settle();
    expect(unhandled).toEqual([]);
    expect(tasks.list().map((task) => task.status)).toEqual(['failed', 'failed', 'cancelled', 'cancelled']);
  });

  it('never arise from periodic runs that fail or from shutting down mid-run', async () => {
    const tasks = createTaskManager();
    let runs = 0;
    tasks.every(5, {
      name: 'failing-periodic',
      runOnStart: true,
      run: () => {
        runs += 1;
        throw new Error(`run ${runs} broke`);
      },
    });
    tasks.every(5, { name: 'slow-periodic', runOnStart: true, run: (ctx) => untilAborted(ctx.signal) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const report = await tasks.shutdown({ deadlineMs: 100 });
    await settle();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(report.timedOut).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
