import { availableParallelism } from 'node:os';
import type { SqlitePoolOptions } from '../types.js';
import type { StayAwakeConfig } from './stay-awake-backoff.js';

/** Default window where threads can run in parallel; long enough for one point select and its answer. */
export const DEFAULT_STAY_AWAKE_US = 100;
/** First pause after an empty window (ten default windows long); each further miss doubles it. */
export const DEFAULT_STAY_AWAKE_BACKOFF_MS = 1;
/** Longest pause: an idle pool pays at most one empty window per 64 ms on each side. */
export const DEFAULT_STAY_AWAKE_MAX_BACKOFF_MS = 64;
/** Longest window accepted: beyond this, polling is no longer a bridge over one wake-up. */
const MAX_STAY_AWAKE_US = 1_000_000;

type StayAwakeOptions = Pick<
  SqlitePoolOptions,
  'stayAwakeUs' | 'stayAwakeBackoffMs' | 'stayAwakeMaxBackoffMs'
>;

/**
 * Validates the pool's stay-awake options and fills in defaults. Null means off: `stayAwakeUs: 0`,
 * or a single CPU, where a polling thread would only take time from the thread it waits for.
 */
export function resolveStayAwake(
  options: StayAwakeOptions,
  parallelism: number = availableParallelism(),
): StayAwakeConfig | null {
  const windowUs = options.stayAwakeUs ?? (parallelism > 1 ? DEFAULT_STAY_AWAKE_US : 0);
  if (
    typeof windowUs !== 'number' ||
    !Number.isFinite(windowUs) ||
    windowUs < 0 ||
    windowUs > MAX_STAY_AWAKE_US
  ) {
    throw new TypeError(`options.stayAwakeUs must be a number from 0 to ${MAX_STAY_AWAKE_US}`);
  }
  const backoffMs = options.stayAwakeBackoffMs ?? DEFAULT_STAY_AWAKE_BACKOFF_MS;
  if (typeof backoffMs !== 'number' || !Number.isFinite(backoffMs) || backoffMs <= 0) {
    throw new TypeError('options.stayAwakeBackoffMs must be a positive number');
  }
  const maxBackoffMs =
    options.stayAwakeMaxBackoffMs ?? Math.max(DEFAULT_STAY_AWAKE_MAX_BACKOFF_MS, backoffMs);
  if (typeof maxBackoffMs !== 'number' || !Number.isFinite(maxBackoffMs) || maxBackoffMs < backoffMs) {
    throw new TypeError(
      'options.stayAwakeMaxBackoffMs must be a number not below options.stayAwakeBackoffMs',
    );
  }
  return windowUs === 0 ? null : { windowUs, backoffMs, maxBackoffMs };
}
