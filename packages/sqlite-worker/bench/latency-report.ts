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
    'concurrency | window on | window off | in-process | on/in-proc | off/in-proc | on/off | CPU µs/query on / off / in-proc | CPU on/off | hits',
  );
  const row = (label: string, key: string, level: LatencyLevel) => {
    console.log(
      `${label.padStart(11)} | ${k(level.perSec.on).padStart(9)} | ${k(level.perSec.off).padStart(10)} | ${k(level.perSec.inProcess).padStart(10)} | ${level.onOverInProcess.toFixed(2).padStart(9)}× | ${level.offOverInProcess.toFixed(2).padStart(10)}× | ${level.onOverOff.toFixed(2).padStart(5)}× | ${PEERS.map((p) => level.cpuUsPerQuery[p].toFixed(1)).join(' / ')} | ${level.cpuOnOverOff.toFixed(2)}× | ${(level.hitRate * 100).toFixed(0)}%`,
    );
    for (const peer of PEERS) {
      summary[`${key}.${peer}PerSec`] = Math.round(level.perSec[peer]);
      summary[`${key}.${peer}CpuUsPerQuery`] = round(level.cpuUsPerQuery[peer], 1);
    }
    summary[`${key}.onOverInProcess`] = round(level.onOverInProcess);
    summary[`${key}.offOverInProcess`] = round(level.offOverInProcess);
    summary[`${key}.onOverOff`] = round(level.onOverOff);
    summary[`${key}.cpuOnOverOff`] = round(level.cpuOnOverOff);
    summary[`${key}.hitRate`] = round(level.hitRate);
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
  const c1 = result.levels[1]!;
  const targets: [string, boolean][] = [
    [`c1 on/in-process ${c1.onOverInProcess.toFixed(2)} ≥ 0.5`, c1.onOverInProcess >= 0.5],
    [`c64 on/off ${result.levels[64]!.onOverOff.toFixed(2)} ≥ 0.95`, result.levels[64]!.onOverOff >= 0.95],
    [
      `c4096 on/off ${result.levels[4096]!.onOverOff.toFixed(2)} ≥ 0.95`,
      result.levels[4096]!.onOverOff >= 0.95,
    ],
    [`c1 CPU/query on/off ${c1.cpuOnOverOff.toFixed(2)} ≤ 1`, c1.cpuOnOverOff <= 1],
    [`burner on/off ${result.burner.onOverOff.toFixed(2)} ≥ 0.9`, result.burner.onOverOff >= 0.9],
  ];
  console.log(`targets: ${targets.map(([text, met]) => `${text} ${met ? '✔' : '✘'}`).join('; ')}`);
  summary['latency.targetsMet'] = targets.filter(([, met]) => met).length;
}
