import type { TaskEvent, TaskManager } from '../../src/index.js';

/** Subscribes to every event of `manager` and keeps them in order. */
export function collectEvents(manager: TaskManager): TaskEvent[] {
  const events: TaskEvent[] = [];
  manager.subscribe((event) => events.push(event));
  return events;
}

/** `type:name` of each event, for order assertions. */
export function eventTrail(events: readonly TaskEvent[]): string[] {
  return events.map((event) => `${event.type}:${event.task.name}`);
}
