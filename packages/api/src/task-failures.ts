import { TaskError } from '@coffer/tasks';
import { cofferCodeOf, TRPC_CODE_OF } from './errors.js';

/**
 * Runs a task body, turning expected `COFFER_*` failures (bad input, not found, wrong password…)
 * into `TaskError`s that keep their code and message, so the task's snapshot tells the user what
 * went wrong; anything else stays a bug (`COFFER_TASK_INTERNAL`, logged with its stack).
 */
export async function withExpectedFailures<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = cofferCodeOf(error);
    if (
      code === undefined ||
      code.startsWith('COFFER_TASK_') ||
      TRPC_CODE_OF[code] === 'INTERNAL_SERVER_ERROR'
    ) {
      throw error;
    }
    throw new TaskError((error as Error).message, { code, cause: error });
  }
}
