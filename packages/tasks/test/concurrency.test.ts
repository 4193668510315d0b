import { describe, expect, it } from 'vitest';
import { TaskQueueFullError } from '../src/index.js';
import { collectEvents } from './support/collect-events.js';
import { createGate, type Gate } from './support/gate.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

function startedNames(events: ReturnType<typeof collectEvents>): string[] {
  return events.filter((event) => event.type === 'started').map((event) => event.task.name);
}

describe('concurrency limits', () => {
  it('runs at most `concurrency` tasks at once and starts queued ones in FIFO order', async () => {
    const tasks = manager({ concurrency: 2 });
    const events = collectEvents(tasks);
    const gates = new Map<string, Gate>();
    let running = 0;
    let maxRunning = 0;
    const handles = ['a', 'b', 'c', 'd', 'e'].map((name) => {
      const gate = createGate();
      gates.set(name, gate);
      return tasks.spawn({
        name,
        run: async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await gate.promise;
          running -= 1;
        },
      });
    });
    expect(handles.map((handle) => handle.status)).toEqual([
      'running',
      'running',
      'queued',
      'queued',
      'queued',
    ]);
    for (const name of ['b', 'a', 'c', 'd', 'e']) {
      gates.get(name)!.open();
      await handles.find((handle) => handle.snapshot().name === name)!.done;
    }
    expect(maxRunning).toBe(2);
    expect(startedNames(events)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('holds an owner at its own limit while other owners use the free slots', async () => {
    const tasks = manager({ concurrency: 3, concurrencyPerOwner: 1 });
    const events = collectEvents(tasks);
    const gate = createGate();
    const spawn = (name: string, owner: string) => tasks.spawn({ name, owner, run: () => gate.promise });
    const handles = [spawn('a1', 'alice'), spawn('a2', 'alice'), spawn('b1', 'bob'), spawn('a3', 'alice')];
    const c1 = spawn('c1', 'carol');
    expect(startedNames(events)).toEqual(['a1', 'b1', 'c1']);
    expect(tasks.list({ status: ['queued'] }).map((task) => task.name)).toEqual(['a2', 'a3']);
    gate.open();
    await Promise.all([...handles, c1].map((handle) => handle.done));
    expect(startedNames(events)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
  });

  it('counts tasks without owner against the global limit only', async () => {
    const tasks = manager({ concurrency: 2, concurrencyPerOwner: 1 });
    const gate = createGate();
    const handles = [1, 2, 3].map((n) => tasks.spawn({ name: `job${n}`, run: () => gate.promise }));
    expect(handles.map((handle) => handle.status)).toEqual(['running', 'running', 'queued']);
    gate.open();
    await Promise.all(handles.map((handle) => handle.done));
  });

  it('fails fast with TaskQueueFullError when maxQueued tasks already wait', async () => {
    const tasks = manager({ concurrency: 1, maxQueued: 2 });
    const gate = createGate();
    const handles = [1, 2, 3].map((n) => tasks.spawn({ name: `job${n}`, run: () => gate.promise }));
    expect(() => tasks.spawn({ name: 'job4', run: () => undefined })).toThrow(TaskQueueFullError);
    gate.open();
    await Promise.all(handles.map((handle) => handle.done));
    await expect(tasks.spawn({ name: 'job5', run: () => 5 }).result).resolves.toBe(5);
  });

  it('frees the slot of a failed task for the next one', async () => {
    const tasks = manager({ concurrency: 1 });
    const failing = tasks.spawn({ name: 'bad', run: () => Promise.reject(new Error('bug')) });
    const next = tasks.spawn({ name: 'good', run: () => 'ok' });
    await failing.done;
    await expect(next.result).resolves.toBe('ok');
  });

  it('keeps FIFO order for the rest when a task in the middle of the queue is cancelled', async () => {
    const tasks = manager({ concurrency: 1 });
    const events = collectEvents(tasks);
    const gate = createGate();
    const handles = ['a', 'b', 'c', 'd'].map((name) =>
      tasks.spawn({ name, owner: name === 'c' ? 'carol' : 'alice', run: () => gate.promise }),
    );
    handles[1]!.cancel();
    gate.open();
    await Promise.all(handles.map((handle) => handle.done));
    expect(startedNames(events)).toEqual(['a', 'c', 'd']);
  });

  it("does not let one owner's long backlog delay another owner's task", async () => {
    const tasks = manager({ concurrency: 2, concurrencyPerOwner: 1 });
    const gate = createGate();
    const backlog = Array.from({ length: 1000 }, (_, i) =>
      tasks.spawn({ name: `bulk${i}`, owner: 'bulk', run: () => gate.promise }),
    );
    const other = tasks.spawn({ name: 'interactive', owner: 'alice', run: () => 'fast' });
    await expect(other.result).resolves.toBe('fast');
    expect(backlog.filter((handle) => handle.status === 'queued')).toHaveLength(999);
    gate.open();
    await Promise.all(backlog.map((handle) => handle.done));
  });
});
