import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTaskManager, TaskError, type TaskLogger } from '../src/index.js';

/** A real pino logger writing JSON lines into memory. */
function memoryPino(): { logger: TaskLogger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  // The assignment is the compatibility check: a pino logger is a TaskLogger as it is.
  const logger: TaskLogger = pino({ level: 'debug' }, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

describe('logging through pino', () => {
  it('binds the task id and logs a bug with its stack, an expected failure without alarm', async () => {
    const { logger, lines } = memoryPino();
    const tasks = createTaskManager({ logger });
    const bug = tasks.spawn({
      name: 'buggy',
      owner: 'u1',
      run: () => {
        throw new Error('undefined is not a function');
      },
    });
    const expected = tasks.spawn({ name: 'import', run: () => Promise.reject(new TaskError('Bad CSV')) });
    await Promise.all([bug.done, expected.done]);
    await tasks.shutdown();
    const bugLine = lines().find((line) => line.taskId === bug.id && line.level === 50);
    expect(bugLine).toMatchObject({ taskName: 'buggy', owner: 'u1', code: 'COFFER_TASK_INTERNAL' });
    expect((bugLine!.err as { stack: string }).stack).toContain('undefined is not a function');
    const expectedLine = lines().find((line) => line.taskId === expected.id && line.level === 40);
    expect(expectedLine).toMatchObject({ code: 'COFFER_TASK_FAILED', msg: 'task failed' });
    expect(JSON.stringify(expectedLine)).not.toContain('Bad CSV');
  });
});
