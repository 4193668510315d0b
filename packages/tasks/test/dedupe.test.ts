import { describe, expect, it } from 'vitest';
import { TaskDuplicateError } from '../src/index.js';
import { createGate } from './support/gate.js';
import { useManagers } from './support/use-managers.js';

const manager = useManagers();

describe('deduplication by key', () => {
  it('returns the running task for a second spawn with the same key', async () => {
    const tasks = manager();
    const gate = createGate();
    let runs = 0;
    const run = async () => {
      runs += 1;
      await gate.promise;
      return runs;
    };
    const first = tasks.spawn({ name: 'backup', key: 'backup', run });
    const second = tasks.spawn({ name: 'backup', key: 'backup', run });
    expect(second).toBe(first);
    gate.open();
    await expect(second.result).resolves.toBe(1);
    expect(runs).toBe(1);
  });

  it('joins a task that is still queued', async () => {
    const tasks = manager({ concurrency: 1 });
    const gate = createGate();
    tasks.spawn({ name: 'blocker', run: () => gate.promise });
    const queued = tasks.spawn({ name: 'import', key: 'import', run: () => 'done' });
    expect(queued.status).toBe('queued');
    expect(tasks.spawn({ name: 'import', key: 'import', run: () => 'other' })).toBe(queued);
    gate.open();
    await expect(queued.result).resolves.toBe('done');
  });

  it("throws TaskDuplicateError with onDuplicate: 'reject'", async () => {
    const tasks = manager();
    const gate = createGate();
    const first = tasks.spawn({ name: 'rekey', key: 'rekey', run: () => gate.promise });
    let thrown: unknown;
    try {
      tasks.spawn({ name: 'rekey', key: 'rekey', onDuplicate: 'reject', run: () => undefined });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TaskDuplicateError);
    expect(thrown).toMatchObject({ code: 'COFFER_TASK_DUPLICATE', existingTaskId: first.id });
    gate.open();
    await first.done;
  });

  it('uses the manager-wide onDuplicate policy when the spawn gives none', async () => {
    const tasks = manager({ onDuplicate: 'reject' });
    const gate = createGate();
    const first = tasks.spawn({ name: 'x', key: 'x', run: () => gate.promise });
    expect(() => tasks.spawn({ name: 'x', key: 'x', run: () => undefined })).toThrow(TaskDuplicateError);
    expect(tasks.spawn({ name: 'x', key: 'x', onDuplicate: 'join', run: () => undefined })).toBe(first);
    gate.open();
    await first.done;
  });

  it('scopes keys to the owner', async () => {
    const tasks = manager();
    const gate = createGate();
    const alice = tasks.spawn({ name: 'import', key: 'import', owner: 'alice', run: () => gate.promise });
    const bob = tasks.spawn({ name: 'import', key: 'import', owner: 'bob', run: () => gate.promise });
    expect(bob).not.toBe(alice);
    gate.open();
    await Promise.all([alice.done, bob.done]);
  });

  it('frees the key once the task has finished', async () => {
    const tasks = manager();
    const first = tasks.spawn({ name: 'once', key: 'k', run: () => 1 });
    await first.done;
    const second = tasks.spawn({ name: 'once', key: 'k', run: () => 2 });
    expect(second.id).not.toBe(first.id);
    await expect(second.result).resolves.toBe(2);
  });

  it('lets a listener of the final event spawn the same key again', async () => {
    const tasks = manager();
    const spawned: string[] = [];
    tasks.subscribe((event) => {
      if (event.type === 'succeeded' && event.task.name === 'first') {
        spawned.push(tasks.spawn({ name: 'second', key: 'k', run: () => 2 }).id);
      }
    });
    const first = tasks.spawn({ name: 'first', key: 'k', run: () => 1 });
    await first.done;
    expect(spawned).toHaveLength(1);
    expect(spawned[0]).not.toBe(first.id);
  });
});
