// Plain JavaScript so the worker thread needs no TypeScript loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * A bounded closed-loop load generator on loopback: `connections` keep-alive sockets, each sends
 * the next request when the previous answer arrived, for `durationMs`; then it stops by itself.
 */
/** @param {{ url: string, headers: Record<string, string>, connections: number, durationMs: number }} spec */
async function runLoad(spec) {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  const until = performance.now() + spec.durationMs;
  const once = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: spec.headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else errors += 1;
            resolve(undefined);
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve(undefined);
      });
      req.end();
    });
  const loop = async () => {
    while (performance.now() < until) await once();
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: spec.connections }, loop));
  const elapsed = performance.now() - began;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    rps: Math.round((latencies.length / elapsed) * 1000),
    p50Ms: Number(at(0.5).toFixed(2)),
    p99Ms: Number(at(0.99).toFixed(2)),
    latencies,
    elapsedMs: elapsed,
  };
}

if (parentPort) {
  const port = parentPort;
  void runLoad(workerData).then((result) => port.postMessage(result));
}
