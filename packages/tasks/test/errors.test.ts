import { describe, expect, it } from 'vitest';
import {
  CofferTaskError,
  createTaskManager,
  TaskCancelledError,
  TaskDuplicateError,
  TaskError,
  TaskInternalError,
  TaskManagerClosedError,
  TaskQueueFullError,
} from '../src/index.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

/** Returns what `work` throws or rejects with. */
async function caught(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('CofferTaskError', () => {
  it('is the base of every error the package throws, each with its stable code', async () => {
    const tasks = manager({ concurrency: 1, maxQueued: 1 });
    const running = tasks.spawn({
      name: 'a',
      key: 'a',
      run: ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    tasks.spawn({ name: 'b', run: () => 'queued' });
    const errors = [
      [
        await caught(() => tasks.spawn({ name: 'a', key: 'a', onDuplicate: 'reject', run: () => 1 })),
        TaskDuplicateError,
        'COFFER_TASK_DUPLICATE',
      ],
      [
        await caught(() => tasks.spawn({ name: 'c', run: () => 1 })),
        TaskQueueFullError,
        'COFFER_TASK_QUEUE_FULL',
      ],
    ] as const;
    running.cancel();
    const cancelled = await caught(() => running.result);
    const failing = manager();
    const internal = await caught(
      () =>
        failing.spawn({
          name: 'bug',
          run: () => {
            throw new RangeError('bug');
          },
        }).result,
    );
    const expected = await caught(
      () =>
        failing.spawn({
          name: 'bad',
          run: () => {
            throw new TaskError('bad row', { code: 'COFFER_IMPORT_BAD_ROW' });
          },
        }).result,
    );
    const closed = createTaskManager();
    await closed.shutdown();
    const afterShutdown = await caught(() => closed.spawn({ name: 'late', run: () => 1 }));

    const all = [
      ...errors,
      [cancelled, TaskCancelledError, 'COFFER_TASK_CANCELLED'],
      [internal, TaskInternalError, 'COFFER_TASK_INTERNAL'],
      [expected, TaskError, 'COFFER_IMPORT_BAD_ROW'],
      [afterShutdown, TaskManagerClosedError, 'COFFER_TASK_MANAGER_CLOSED'],
    ] as const;
    expect(all).toHaveLength(6);
    for (const [error, type, code] of all) {
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(CofferTaskError);
      expect((error as CofferTaskError).code).toBe(code);
    }
    expect((internal as TaskInternalError).cause).toBeInstanceOf(RangeError);
    // Only a task's own expected failure is a TaskError; the package's errors are not.
    expect(internal).not.toBeInstanceOf(TaskError);
    expect(cancelled).not.toBeInstanceOf(TaskError);
  });
});
