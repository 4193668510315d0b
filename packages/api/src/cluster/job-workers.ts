import type PgBoss from 'pg-boss';
import type { PostgresListener } from './postgres-listener.js';

/** What a worker tells pg-boss after running a job: done, retry elsewhere, or nothing (superseded). */
export type JobVerdict = 'complete' | 'retry' | 'leave';

/** Options of {@link startJobWorkers}. */
export interface JobWorkersOptions<T extends object> {
  readonly boss: PgBoss;
  readonly queue: string;
  /** The process's `LISTEN` connection; a `NOTIFY` on `wakeChannel` wakes idle workers. */
  readonly listener: PostgresListener;
  readonly wakeChannel: string;
  /** Workers, each running one job at a time; `0` runs none. */
  readonly concurrency: number;
  /** How long an idle worker waits before fetching again (unless woken). */
  readonly pollMs: number;
  /** Runs one job's data; a throw counts as `'retry'`. */
  readonly run: (data: T) => Promise<JobVerdict>;
  readonly onError: (error: unknown) => void;
}

/**
 * pg-boss workers that fetch jobs themselves (rather than `boss.work`), so that only the attempt
 * that still owns a job completes or fails it: a superseded attempt answers `'leave'`. An idle
 * worker is woken by a `NOTIFY` when a job is queued, so a new import starts within milliseconds
 * instead of a polling interval. `stop()` lets running jobs finish (the caller aborts them).
 */
export async function startJobWorkers<T extends object>(
  options: JobWorkersOptions<T>,
): Promise<{ stop(): Promise<void> }> {
  const { boss, queue, onError } = options;
  let stopping = false;
  const idle = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...idle]) wake();
  };
  const offWake = await options.listener.on(options.wakeChannel, wakeAll);
  const sleep = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        idle.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, options.pollMs);
      idle.add(wake);
    });
  const worker = async () => {
    while (!stopping) {
      const [job] = await boss.fetch<T>(queue).catch((error: unknown) => {
        onError(error);
        return [];
      });
      if (job === undefined) {
        await sleep();
        continue;
      }
      const verdict = await options.run(job.data).catch((error: unknown): JobVerdict => {
        onError(error);
        return 'retry';
      });
      if (verdict === 'complete') await boss.complete(queue, job.id).catch(onError);
      else if (verdict === 'retry') await boss.fail(queue, job.id).catch(onError);
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    async stop() {
      stopping = true;
      offWake();
      wakeAll();
      await Promise.all(workers);
    },
  };
}
