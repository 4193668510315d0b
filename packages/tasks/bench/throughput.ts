/**
 * Measures the manager's own overhead: spawn-to-settle throughput, progress call cost, abort
 * latency of a cooperative CPU-bound task, and heap per retained finished task.
 * Run with `pnpm --filter @coffer/tasks bench` (uses `--expose-gc` for the heap figure).
 */
import { performance } from 'node:perf_hooks';
import { createTaskManager } from '../src/index.js';

async function spawnThroughput(concurrency: number, count: number): Promise<number> {
  const tasks = createTaskManager({ concurrency, maxQueued: Number.POSITIVE_INFINITY, retainMs: 0 });
  let events = 0;
  tasks.subscribe(() => {
    events += 1;
  });
  const start = performance.now();
  const handles = [];
  for (let i = 0; i < count; i += 1) handles.push(tasks.spawn({ name: 'noop', run: () => i }));
  await Promise.all(handles.map((handle) => handle.done));
  const perSecond = count / ((performance.now() - start) / 1000);
  await tasks.shutdown();
  if (events !== count * 3) throw new Error(`expected ${count * 3} events, got ${events}`);
  return perSecond;
}

async function progressCost(calls: number): Promise<{ nsPerCall: number; events: number }> {
  const tasks = createTaskManager();
  let events = 0;
  tasks.subscribe((event) => {
    if (event.type === 'progress') events += 1;
  });
  let elapsed = 0;
  await tasks.spawn({
    name: 'progress',
    run: (ctx) => {
      const start = performance.now();
      for (let done = 0; done < calls; done += 1) ctx.progress({ done, total: calls });
      elapsed = performance.now() - start;
    },
  }).done;
  await tasks.shutdown();
  return { nsPerCall: (elapsed * 1e6) / calls, events };
}

async function abortLatency(samples: number): Promise<number[]> {
  const tasks = createTaskManager();
  const latencies: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const handle = tasks.spawn({
      name: 'crunch',
      run: async (ctx) => {
        let acc = 0;
        for (;;) {
          for (let i = 0; i < 200_000; i += 1) acc = (acc + i * 31) % 1_000_003;
          await ctx.checkpoint();
        }
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const start = performance.now();
    handle.cancel();
    await handle.done;
    latencies.push(performance.now() - start);
  }
  await tasks.shutdown();
  return latencies.sort((a, b) => a - b);
}

async function heapPerRetainedTask(count: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  const tasks = createTaskManager({ concurrency: Number.POSITIVE_INFINITY, maxRetained: count });
  gc();
  const before = process.memoryUsage().heapUsed;
  const handles = [];
  for (let i = 0; i < count; i += 1) {
    handles.push(tasks.spawn({ name: 'kept', owner: `user-${i % 10}`, run: () => ({ rows: i }) }));
  }
  await Promise.all(handles.map((handle) => handle.done));
  handles.length = 0;
  gc();
  const perTask = (process.memoryUsage().heapUsed - before) / count;
  if (tasks.list().length !== count) throw new Error('tasks were not retained');
  await tasks.shutdown();
  return perTask;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

for (const concurrency of [4, Number.POSITIVE_INFINITY]) {
  await spawnThroughput(concurrency, 10_000);
  const rate = await spawnThroughput(concurrency, 100_000);
  console.log(`spawn→settle, concurrency ${concurrency}: ${Math.round(rate).toLocaleString('en')} tasks/s`);
}
const progress = await progressCost(1_000_000);
console.log(
  `ctx.progress: ${progress.nsPerCall.toFixed(0)} ns/call, ${progress.events} event(s) for 1e6 calls`,
);
const latencies = await abortLatency(50);
console.log(
  `abort → cancelled (cooperative CPU task, ~1 ms batches): p50 ${pct(latencies, 0.5).toFixed(2)} ms, p99 ${pct(latencies, 0.99).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`,
);
const heap = await heapPerRetainedTask(10_000);
console.log(
  `heap per retained finished task: ${Number.isNaN(heap) ? 'n/a (run with --expose-gc)' : `${Math.round(heap)} B`}`,
);
