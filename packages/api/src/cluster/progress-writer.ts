import type { TaskProgress } from '@coffer/tasks';

/** Progress rows are written at most this often per task. */
const PROGRESS_INTERVAL_MS = 100;

/** Throttled, ordered progress writes of one running task. */
export interface ProgressWriter {
  /** Records the latest progress; it is written within 100 ms. */
  push(progress: TaskProgress): void;
  /** Writes what is pending now; resolves when every earlier write is done. */
  flush(): Promise<void>;
}

/** Writes progress at most every 100 ms per task, in order, the last value always. */
export function createProgressWriter(
  write: (progress: TaskProgress) => Promise<void>,
  onError: (error: unknown) => void,
): ProgressWriter {
  let pending: TaskProgress | null = null;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const value = pending;
    pending = null;
    if (value !== null) chain = chain.then(() => write(value)).catch(onError);
    return chain;
  };
  return {
    push(progress: TaskProgress) {
      pending = progress;
      timer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
    },
    flush,
  };
}
