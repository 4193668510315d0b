import type { TaskSnapshot } from './task-snapshot.js';

/** The kinds of event, in the order one task can produce them. */
export type TaskEventType = 'queued' | 'started' | 'progress' | 'succeeded' | 'failed' | 'cancelled';

/**
 * One change in one task. `task` is the snapshot right after the change, so a subscriber never has to
 * look anything up; events of one task arrive in lifecycle order.
 */
export interface TaskEvent {
  type: TaskEventType;
  task: TaskSnapshot;
}

/** Receives task events synchronously; must not throw (a throw is logged and ignored). */
export type TaskEventListener = (event: TaskEvent) => void;
