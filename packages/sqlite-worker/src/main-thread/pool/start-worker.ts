import { Worker } from 'node:worker_threads';
import type { WorkerBootData } from '../../protocol/messages.js';
import type { StayAwakeConfig } from '../../stay-awake/stay-awake-backoff.js';

/**
 * Starts a worker thread running `worker-thread/worker-entry`. From TypeScript source (tests, tsx) the
 * thread starts `worker-bootstrap.mjs`, which registers tsx and then imports the `.ts` entry,
 * because Node 20 workers ignore `--import tsx` in `execArgv`. Built output starts the `.js`
 * entry directly and never needs the bootstrap.
 */
export function startWorker(
  driver: string,
  stayAwake: StayAwakeConfig | null,
  postedBatches: SharedArrayBuffer,
): Worker {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const data: WorkerBootData = {
    driver,
    stayAwake,
    postedBatches,
    entry: fromSource ? new URL('../../worker-thread/worker-entry.ts', here).href : null,
  };
  const url = new URL(
    fromSource ? '../../worker-thread/worker-bootstrap.mjs' : '../../worker-thread/worker-entry.js',
    here,
  );
  return new Worker(url, { workerData: data });
}
