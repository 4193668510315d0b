import type { TaskManager } from '@coffer/tasks';
import { importKey } from './import-key.js';
import { IMPORT_TASK_NAME, type ImportTaskResult, runImport } from './import-run.js';
import type { UserTasks } from './user-tasks.js';

/**
 * {@link UserTasks} over one process's `TaskManager`: imports run here, and only this process's
 * tasks are visible (the zero-config, single-instance server).
 */
export function createLocalUserTasks(tasks: TaskManager): UserTasks {
  const own = (owner: string, id: string) => {
    const snapshot = tasks.get(id);
    return snapshot?.owner === owner ? snapshot : undefined;
  };
  return {
    async startImport(ledger, input) {
      const task = tasks.spawn<ImportTaskResult>({
        name: IMPORT_TASK_NAME,
        key: importKey(input),
        owner: ledger.user.id,
        run: (ctx) => runImport(ledger, input, ctx),
      });
      return task.id;
    },
    get: async (owner, id) => own(owner, id),
    list: async (owner, status) => tasks.list({ owner, ...(status ? { status } : {}) }),
    cancel: async (owner, id) => own(owner, id) !== undefined && tasks.cancel(id),
    events: ({ owner, signal, maxBuffered }) => tasks.events({ owner, signal, maxBuffered }),
  };
}
