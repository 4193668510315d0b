import { describe, expect, it } from 'vitest';
import { createTaskManager, TaskError, TaskInternalError } from '../src/index.js';
import { collectEvents, eventTrail } from './support/collect-events.js';
import { RecordingLogger } from './support/recording-logger.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('TaskManager#spawn', () => {
  it('runs the task and resolves result with its value', async () => {
    const tasks = manager();
    const handle = tasks.spawn({ name: 'sum', run: async () => 1 + 2 });
    await expect(handle.result).resolves.toBe(3);
    expect(handle.status).toBe('succeeded');
    expect(tasks.get(handle.id)).toMatchObject({ status: 'succeeded', result: 3, name: 'sum' });
  });

  it('never invokes run inside spawn', async () => {
    const tasks = manager();
    let ran = false;
    const handle = tasks.spawn({
      name: 'sync',
      run: () => {
        ran = true;
        return 'ok';
      },
    });
    expect(ran).toBe(false);
    expect(handle.status).toBe('running');
    await handle.done;
    expect(ran).toBe(true);
  });

  it('gives run a context with id, name, owner, signal and a bound logger', async () => {
    const logger = new RecordingLogger();
    const tasks = manager({ logger });
    const handle = tasks.spawn({
      name: 'ctx',
      owner: 'alice',
      run: (ctx) => {
        ctx.logger.info({ step: 1 }, 'working');
        return { id: ctx.id, name: ctx.name, owner: ctx.owner, aborted: ctx.signal.aborted };
      },
    });
    await expect(handle.result).resolves.toEqual({
      id: handle.id,
      name: 'ctx',
      owner: 'alice',
      aborted: false,
    });
    expect(logger.lines).toContainEqual({
      level: 'info',
      obj: { taskId: handle.id, taskName: 'ctx', owner: 'alice', step: 1 },
      msg: 'working',
    });
  });

  it('reports a TaskError as an expected failure with its code and message', async () => {
    const logger = new RecordingLogger();
    const tasks = manager({ logger });
    const handle = tasks.spawn({
      name: 'import',
      run: () => {
        throw new TaskError('Line 3: amount is not a number', { code: 'COFFER_IMPORT_BAD_ROW' });
      },
    });
    await expect(handle.result).rejects.toBeInstanceOf(TaskError);
    const snapshot = await handle.done;
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toEqual({
      code: 'COFFER_IMPORT_BAD_ROW',
      message: 'Line 3: amount is not a number',
    });
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ code: 'COFFER_IMPORT_BAD_ROW' }),
      }),
    );
  });

  it('uses COFFER_TASK_FAILED for a TaskError without a code', async () => {
    const tasks = manager();
    const handle = tasks.spawn({
      name: 'plain',
      run: async () => {
        throw new TaskError('Wrong password');
      },
    });
    expect((await handle.done).error).toEqual({ code: 'COFFER_TASK_FAILED', message: 'Wrong password' });
  });

  it('reports any other throw as an internal error, logging the original with its stack', async () => {
    const logger = new RecordingLogger();
    const tasks = manager({ logger });
    const bug = new RangeError('index out of range');
    const handle = tasks.spawn({
      name: 'buggy',
      run: async () => {
        throw bug;
      },
    });
    const error = await handle.result.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskInternalError);
    expect((error as TaskInternalError).code).toBe('COFFER_TASK_INTERNAL');
    expect((error as TaskInternalError).cause).toBe(bug);
    expect((await handle.done).error).toEqual({ code: 'COFFER_TASK_INTERNAL', message: 'Internal error' });
    const line = logger.lines.find((entry) => entry.level === 'error');
    expect(line?.obj).toMatchObject({ taskId: handle.id, err: bug });
    expect((line!.obj.err as Error).stack).toContain('index out of range');
  });

  it('treats a synchronous throw in run like an asynchronous one', async () => {
    const tasks = manager();
    const handle = tasks.spawn({
      name: 'sync-throw',
      run: () => {
        throw new Error('boom');
      },
    });
    expect((await handle.done).status).toBe('failed');
  });

  it('produces plain JSON-serializable snapshots with timestamps in order', async () => {
    const tasks = manager();
    const handle = tasks.spawn({
      name: 'json',
      key: 'k',
      owner: 'bob',
      run: (ctx) => {
        ctx.progress({ done: 1, total: 2 });
        return { rows: 2 };
      },
    });
    const snapshot = await handle.done;
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toEqual({
      id: handle.id,
      name: 'json',
      key: 'k',
      owner: 'bob',
      status: 'succeeded',
      progress: { done: 1, total: 2 },
      result: { rows: 2 },
      createdAt: expect.any(Number),
      startedAt: expect.any(Number),
      finishedAt: expect.any(Number),
    });
    expect(snapshot.createdAt).toBeLessThanOrEqual(snapshot.startedAt!);
    expect(snapshot.startedAt!).toBeLessThanOrEqual(snapshot.finishedAt!);
  });

  it('emits queued, started and the final event in order', async () => {
    const tasks = manager();
    const events = collectEvents(tasks);
    await tasks.spawn({ name: 'a', run: () => 'x' }).done;
    await tasks.spawn({ name: 'b', run: () => Promise.reject(new TaskError('no')) }).done;
    expect(eventTrail(events)).toEqual([
      'queued:a',
      'started:a',
      'succeeded:a',
      'queued:b',
      'started:b',
      'failed:b',
    ]);
  });

  it('rejects bad options with a TypeError naming the option', () => {
    const tasks = manager();
    expect(() => tasks.spawn({ name: '', run: () => 1 })).toThrow('options.name must be a non-empty string');
    expect(() => tasks.spawn({ name: 'x', run: 'nope' as never })).toThrow('options.run must be a function');
    expect(() => tasks.spawn({ name: 'x', key: '', run: () => 1 })).toThrow('options.key');
    expect(() => tasks.spawn({ name: 'x', onDuplicate: 'maybe' as never, run: () => 1 })).toThrow(
      "options.onDuplicate must be 'join' or 'reject'",
    );
  });

  it('rejects bad manager options with a TypeError naming the option', () => {
    expect(() => createTaskManager({ concurrency: 0 })).toThrow(
      'options.concurrency must be an integer >= 1',
    );
    expect(() => createTaskManager({ concurrencyPerOwner: 1.5 })).toThrow('options.concurrencyPerOwner');
    expect(() => createTaskManager({ retainMs: -1 })).toThrow('options.retainMs');
    expect(() => createTaskManager({ concurrency: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('lists tasks oldest first, filtered by owner and status', async () => {
    const tasks = manager();
    const a = tasks.spawn({ name: 'a', owner: 'alice', run: () => 1 });
    const b = tasks.spawn({ name: 'b', owner: 'bob', run: () => 2 });
    const c = tasks.spawn({ name: 'c', owner: 'alice', run: () => Promise.reject(new TaskError('x')) });
    await Promise.all([a.done, b.done, c.done]);
    expect(tasks.list().map((task) => task.name)).toEqual(['a', 'b', 'c']);
    expect(tasks.list({ owner: 'alice' }).map((task) => task.name)).toEqual(['a', 'c']);
    expect(tasks.list({ owner: 'alice', status: ['failed'] }).map((task) => task.name)).toEqual(['c']);
    expect(tasks.get('no-such-id')).toBeUndefined();
  });
});
