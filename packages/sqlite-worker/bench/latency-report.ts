import { availableParallelism, loadavg } from 'node:os';
import { benchLatency, LATENCY_CONCURRENCY, type LatencyLevel, PEERS } from './latency.js';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;

/** Runs `latency.ts`, prints its tables and adds its figures to `summary` under `latency.*`. */
export async function reportLatency(summary: Record<string, number>): Promise<void> {
  summary['latency.loadAverage1m'] = round(loadavg()[0]!);
  summary['latency.cpus'] = availableParallelism();
  const result = await benchLatency();
  console.log('\n5. Stay-awake window: Kysely point selects (encrypted), per second, window on vs off');
  console.log(
    'concurrency | window on | window off | in-process | on/in-proc | off/in-proc | on/off | CPU µs/query on / off / in-proc',
  );
  const row = (label: string, key: string, level: LatencyLevel) => {
    console.log(
      `${label.padStart(11)} | ${k(level.perSec.on).padStart(9)} | ${k(level.perSec.off).padStart(10)} | ${k(level.perSec.inProcess).padStart(10)} | ${level.onOverInProcess.toFixed(2).padStart(9)}× | ${level.offOverInProcess.toFixed(2).padStart(10)}× | ${level.onOverOff.toFixed(2).padStart(5)}× | ${PEERS.map((p) => level.cpuUsPerQuery[p].toFixed(1)).join(' / ')}`,
    );
    for (const peer of PEERS) {
      summary[`${key}.${peer}PerSec`] = Math.round(level.perSec[peer]);
      summary[`${key}.${peer}CpuUsPerQuery`] = round(level.cpuUsPerQuery[peer], 1);
    }
    summary[`${key}.onOverInProcess`] = round(level.onOverInProcess);
    summary[`${key}.offOverInProcess`] = round(level.offOverInProcess);
    summary[`${key}.onOverOff`] = round(level.onOverOff);
  };
  for (const c of LATENCY_CONCURRENCY) row(String(c), `latency.c${c}`, result.levels[c]!);
  row('1 + burner', 'latency.burner.c1', result.burner);
  console.log(
    `latency at concurrency 1, p50 / p99 µs: ${PEERS.map((p) => `${p} ${result.c1[p].p50Us.toFixed(1)} / ${result.c1[p].p99Us.toFixed(1)}`).join('; ')}`,
  );
  for (const peer of PEERS) {
    summary[`latency.c1.${peer}P50Us`] = round(result.c1[peer].p50Us, 1);
    summary[`latency.c1.${peer}P99Us`] = round(result.c1[peer].p99Us, 1);
  }
  console.log(
    'targets: c1 on/in-proc ≥ 0.5; c64 and c4096 on/off ≥ 0.95; CPU/query at c1 on ≤ off; burner on/off ≥ 0.9',
  );
}
