export { createTaskManager } from './default-task-manager.js';
export {
  CofferTaskError,
  TaskCancelledError,
  TaskDuplicateError,
  TaskError,
  type TaskErrorCode,
  type TaskErrorOptions,
  TaskEventsOverflowError,
  TaskInternalError,
  TaskManagerClosedError,
  TaskQueueFullError,
} from './errors.js';
export type { TaskEventIterator, TaskEventsOptions } from './event-iterator.js';
export { noopLogger, type TaskLogger } from './logger.js';
export type { EveryOptions, Schedule } from './schedule.js';
export type { ShutdownOptions, ShutdownReport } from './shutdown.js';
export type { DuplicatePolicy, SpawnOptions } from './spawn-options.js';
export type { TaskContext, TaskRun } from './task-context.js';
export type { TaskEvent, TaskEventListener, TaskEventType } from './task-event.js';
export type { TaskHandle } from './task-handle.js';
export type { ListTasksOptions, TaskManager } from './task-manager.js';
export type { TaskManagerOptions } from './task-manager-options.js';
export type { TaskFailure, TaskProgress, TaskSnapshot, TaskStatus } from './task-snapshot.js';
