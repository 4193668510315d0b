import type { TaskManager } from '@coffer/tasks';
import type { NotificationBus } from './notification-bus.js';

/**
 * Publishes every owned task's outcome (succeeded, failed, cancelled) to its owner's sessions.
 * Returns the unsubscribe function.
 */
export function publishTaskOutcomes(tasks: TaskManager, bus: NotificationBus): () => void {
  return tasks.subscribe((event) => {
    const { task } = event;
    if (task.owner === null) return;
    if (event.type !== 'succeeded' && event.type !== 'failed' && event.type !== 'cancelled') return;
    bus.publish(task.owner, {
      kind: 'task',
      at: Date.now(),
      task: { id: task.id, name: task.name, status: event.type, error: task.error ?? null },
    });
  });
}
