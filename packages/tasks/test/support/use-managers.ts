import { afterEach } from 'vitest';
import { createTaskManager, type TaskManager, type TaskManagerOptions } from '../../src/index.js';

/**
 * Returns a factory for task managers that are shut down after each test, so no task or timer
 * outlives the test that started it.
 */
export function useManagers(): (options?: TaskManagerOptions) => TaskManager {
  const managers: TaskManager[] = [];
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((manager) => manager.shutdown({ deadlineMs: 1000 })));
  });
  return (options = {}) => {
    const manager = createTaskManager(options);
    managers.push(manager);
    return manager;
  };
}
