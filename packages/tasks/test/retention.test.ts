import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../src/index.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('retention of finished tasks', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps results and errors readable for retainMs after completion, then forgets them', async () => {
    const tasks = manager({ retainMs: 60_000 });
    const ok = tasks.spawn({ name: 'ok', run: () => ({ rows: 3 }) });
    const bad = tasks.spawn({ name: 'bad', run: () => Promise.reject(new TaskError('Bad file')) });
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all([ok.done, bad.done]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(tasks.get(ok.id)).toMatchObject({ status: 'succeeded', result: { rows: 3 } });
    expect(tasks.get(bad.id)).toMatchObject({ status: 'failed', error: { message: 'Bad file' } });
    await vi.advanceTimersByTimeAsync(1);
    expect(tasks.get(ok.id)).toBeUndefined();
    expect(tasks.list()).toEqual([]);
  });

  it('never forgets an active task, however old', async () => {
    const tasks = manager({ retainMs: 10 });
    const handle = tasks.spawn({
      name: 'long',
      run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(tasks.get(handle.id)?.status).toBe('running');
    handle.cancel();
    await handle.done;
  });

  it('keeps at most maxRetained finished tasks, dropping the oldest', async () => {
    const tasks = manager({ maxRetained: 2 });
    for (const name of ['a', 'b', 'c']) {
      const handle = tasks.spawn({ name, run: () => name });
      await vi.advanceTimersByTimeAsync(0);
      await handle.done;
    }
    expect(tasks.list().map((task) => task.name)).toEqual(['b', 'c']);
  });

  it('forgets finished tasks at once with retainMs: 0', async () => {
    const tasks = manager({ retainMs: 0 });
    const handle = tasks.spawn({ name: 'gone', run: () => 1 });
    await vi.advanceTimersByTimeAsync(0);
    await expect(handle.result).resolves.toBe(1);
    expect(tasks.get(handle.id)).toBeUndefined();
  });
});
