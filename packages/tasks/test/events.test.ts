import { describe, expect, it } from 'vitest';
import { type TaskEvent, TaskEventsOverflowError } from '../src/index.js';
import { RecordingLogger } from './support/recording-logger.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('TaskManager#subscribe', () => {
  it('stops delivering after unsubscribe', async () => {
    const tasks = manager();
    const seen: string[] = [];
    const unsubscribe = tasks.subscribe((event) => seen.push(event.type));
    await tasks.spawn({ name: 'one', run: () => 1 }).done;
    unsubscribe();
    unsubscribe();
    await tasks.spawn({ name: 'two', run: () => 2 }).done;
    expect(seen).toEqual(['queued', 'started', 'succeeded']);
  });

  it('logs a throwing listener and still delivers to the others and finishes the task', async () => {
    const logger = new RecordingLogger();
    const tasks = manager({ logger });
    const seen: string[] = [];
    tasks.subscribe(() => {
      throw new Error('listener bug');
    });
    tasks.subscribe((event) => seen.push(event.type));
    const handle = tasks.spawn({ name: 'fine', run: () => 'ok' });
    await expect(handle.result).resolves.toBe('ok');
    expect(seen).toEqual(['queued', 'started', 'succeeded']);
    expect(logger.lines.filter((line) => line.msg === 'task event listener threw')).toHaveLength(3);
  });
});

describe('TaskManager#events', () => {
  it('yields events as an async iterator until the signal aborts', async () => {
    const tasks = manager();
    const controller = new AbortController();
    const received: TaskEvent[] = [];
    const consumer = (async () => {
      for await (const event of tasks.events({ signal: controller.signal })) {
        received.push(event);
        if (event.type === 'succeeded') controller.abort();
      }
    })();
    await tasks.spawn({ name: 'iterated', run: () => 7 }).done;
    await consumer;
    expect(received.map((event) => event.type)).toEqual(['queued', 'started', 'succeeded']);
    expect(received.at(-1)?.task.result).toBe(7);
  });

  it("filters by owner so a subscriber sees only its user's tasks", async () => {
    const tasks = manager();
    const iterator = tasks.events({ owner: 'alice' });
    await tasks.spawn({ name: 'bobs', owner: 'bob', run: () => 1 }).done;
    await tasks.spawn({ name: 'alices', owner: 'alice', run: () => 2 }).done;
    const first = await iterator.next();
    expect(first.value?.task.name).toBe('alices');
    await iterator.return();
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('subscribes when created, so events before the first next() are buffered', async () => {
    const tasks = manager();
    const iterator = tasks.events();
    await tasks.spawn({ name: 'early', run: () => 1 }).done;
    const types: string[] = [];
    for (let i = 0; i < 3; i += 1) types.push((await iterator.next()).value?.type ?? 'end');
    expect(types).toEqual(['queued', 'started', 'succeeded']);
    await iterator.return();
  });

  it('ends at once for an already aborted signal', async () => {
    const tasks = manager();
    const iterator = tasks.events({ signal: AbortSignal.abort() });
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('coalesces undelivered progress of one task, keeping the latest', async () => {
    const tasks = manager({ progressIntervalMs: 0 });
    const iterator = tasks.events();
    const handle = tasks.spawn({
      name: 'chatty',
      run: (ctx) => {
        for (let done = 1; done <= 500; done += 1) ctx.progress({ done });
      },
    });
    await handle.done;
    const received: TaskEvent[] = [];
    for (let i = 0; i < 4; i += 1) received.push((await iterator.next()).value as TaskEvent);
    expect(received.map((event) => event.type)).toEqual(['queued', 'started', 'progress', 'succeeded']);
    expect(received[2]?.task.progress).toEqual({ done: 500 });
    await iterator.return();
  });

  it('cuts off a consumer that falls more than maxBuffered events behind', async () => {
    const tasks = manager();
    const iterator = tasks.events({ maxBuffered: 5 });
    const handles = [1, 2, 3].map((n) => tasks.spawn({ name: `t${n}`, run: () => n }));
    await Promise.all(handles.map((handle) => handle.done));
    await expect(iterator.next()).rejects.toBeInstanceOf(TaskEventsOverflowError);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('resolves a pending next() with done when the signal aborts', async () => {
    const tasks = manager();
    const controller = new AbortController();
    const iterator = tasks.events({ signal: controller.signal });
    const pending = iterator.next();
    controller.abort();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });

  it('rejects a bad maxBuffered with a TypeError', () => {
    expect(() => manager().events({ maxBuffered: 0 })).toThrow('options.maxBuffered must be an integer >= 1');
  });
});
