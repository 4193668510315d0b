// Runs the TypeScript worker entry from source (tests, benchmarks): Node 20 workers ignore
// `execArgv: ['--import', 'tsx']`, so register tsx here, then import the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
