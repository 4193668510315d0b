import type { TaskLogger } from './logger.js';
import { noopLogger } from './logger.js';
import type { DuplicatePolicy } from './spawn-options.js';

/** Options of {@link createTaskManager}. */
export interface TaskManagerOptions {
  /** Tasks running at once, all owners together; `Infinity` for no limit. @default 4 */
  concurrency?: number;
  /** Tasks running at once for one owner; `Infinity` for only the global limit. @default Infinity */
  concurrencyPerOwner?: number;
  /** Tasks waiting for a slot before `spawn` fails fast with `TaskQueueFullError`. @default 10000 */
  maxQueued?: number;
  /** What a spawn does when its owner and key match an active task. @default 'join' */
  onDuplicate?: DuplicatePolicy;
  /** Minimum time between two progress events of one task (100 ms: at most ~10/s). @default 100 */
  progressIntervalMs?: number;
  /** How long a finished task's snapshot (result or error) stays readable. @default 600000 (10 min) */
  retainMs?: number;
  /** At most this many finished tasks are kept; the oldest go first. @default 1000 */
  maxRetained?: number;
  /** Receives the manager's and every task's logs (pino fits). @default a no-op logger */
  logger?: TaskLogger;
}

/** Options with defaults applied and checked. */
export type ResolvedTaskManagerOptions = Required<TaskManagerOptions>;

/** Applies defaults and throws `TypeError` naming the first bad option. */
export function resolveTaskManagerOptions(options: TaskManagerOptions): ResolvedTaskManagerOptions {
  const resolved: ResolvedTaskManagerOptions = {
    concurrency: options.concurrency ?? 4,
    concurrencyPerOwner: options.concurrencyPerOwner ?? Number.POSITIVE_INFINITY,
    maxQueued: options.maxQueued ?? 10_000,
    onDuplicate: options.onDuplicate ?? 'join',
    progressIntervalMs: options.progressIntervalMs ?? 100,
    retainMs: options.retainMs ?? 600_000,
    maxRetained: options.maxRetained ?? 1000,
    logger: options.logger ?? noopLogger,
  };
  assertCount('concurrency', resolved.concurrency, { min: 1, infinite: true });
  assertCount('concurrencyPerOwner', resolved.concurrencyPerOwner, { min: 1, infinite: true });
  assertCount('maxQueued', resolved.maxQueued, { min: 0, infinite: true });
  assertCount('progressIntervalMs', resolved.progressIntervalMs, { min: 0, infinite: false });
  assertCount('retainMs', resolved.retainMs, { min: 0, infinite: true });
  assertCount('maxRetained', resolved.maxRetained, { min: 0, infinite: true });
  assertDuplicatePolicy('options.onDuplicate', resolved.onDuplicate);
  return resolved;
}

/** Throws unless `value` is `'join'` or `'reject'`. */
export function assertDuplicatePolicy(label: string, value: unknown): void {
  if (value !== 'join' && value !== 'reject') throw new TypeError(`${label} must be 'join' or 'reject'`);
}

function assertCount(name: string, value: number, rule: { min: number; infinite: boolean }): void {
  if (rule.infinite && value === Number.POSITIVE_INFINITY) return;
  if (!Number.isInteger(value) || value < rule.min) {
    const suffix = rule.infinite ? ' or Infinity' : '';
    throw new TypeError(`options.${name} must be an integer >= ${rule.min}${suffix}`);
  }
}
