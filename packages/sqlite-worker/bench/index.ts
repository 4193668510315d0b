import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBulkInsert } from './bulk-insert.js';
import { benchIsolation } from './isolation.js';
import { benchKyselyCeiling } from './kysely-ceiling.js';
import { reportLatency } from './latency-report.js';
import { benchPointSelects, CONCURRENCY } from './point-selects.js';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;

/** Runs `young-generation.ts` in a child Node with a 64 MB semi-space (same loader as this process). */
function youngGenerationRun(): { c64: number; c4096: number } {
  const script = fileURLToPath(new URL('./young-generation.ts', import.meta.url));
  const output = execFileSync(process.execPath, ['--max-semi-space-size=64', ...process.execArgv, script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { c64: number; c4096: number };
}

/** `--only latency` runs just the stay-awake section (about 35 s): see `latency.ts`. */
async function onlyLatency(): Promise<void> {
  const summary: Record<string, number> = {};
  console.log(
    `Node ${process.version}, ${availableParallelism()} CPUs; executor: 2 threads, 2 readers; built output (dist/)`,
  );
  await reportLatency(summary);
  summary['latency.loadAverage1mAfter'] = round(loadavg()[0]!);
  console.log(`\n${JSON.stringify(summary)}`);
}

async function main(): Promise<void> {
  const summary: Record<string, number> = {};
  console.log(
    `Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; executor: 2 threads, 2 readers; built output (dist/)`,
  );

  for (const encrypted of [true, false]) {
    const label = encrypted ? 'encrypted' : 'plaintext';
    const points = await benchPointSelects(encrypted);
    console.log(`\n1. Point selects through Kysely (${label}), per second`);
    console.log('concurrency | executor | in-process SqliteDialect | ratio');
    for (const c of CONCURRENCY) {
      const ratio = points.ratio[c]!;
      console.log(
        `${String(c).padStart(11)} | ${k(points.executor[c]!).padStart(8)} | ${k(points.inProcess[c]!).padStart(24)} | ${ratio.toFixed(2)}×`,
      );
      summary[`${label}.point.c${c}.executorPerSec`] = Math.round(points.executor[c]!);
      summary[`${label}.point.c${c}.inProcessPerSec`] = Math.round(points.inProcess[c]!);
      summary[`${label}.point.c${c}.ratio`] = round(ratio);
    }
    const noCollapse = points.executor[4096]! / points.executor[64]!;
    console.log(`executor throughput at 4096 / at 64: ${(noCollapse * 100).toFixed(0)}% (target ≥ 80%)`);
    summary[`${label}.point.c4096_over_c64`] = round(noCollapse);

    const bulk = await benchBulkInsert(encrypted);
    const bulkRatio = bulk.executorRowsPerSec / bulk.inProcessRowsPerSec;
    console.log(
      `\n3. Bulk insert of 200k rows (${label}): batch ${k(bulk.executorRowsPerSec)}/s vs in-process transaction loop ${k(bulk.inProcessRowsPerSec)}/s = ${bulkRatio.toFixed(2)}× (target ≥ 0.6×)`,
    );
    summary[`${label}.bulk.executorRowsPerSec`] = Math.round(bulk.executorRowsPerSec);
    summary[`${label}.bulk.inProcessRowsPerSec`] = Math.round(bulk.inProcessRowsPerSec);
    summary[`${label}.bulk.ratio`] = round(bulkRatio);
  }

  console.log('\n4. Encrypted vs plaintext (encrypted throughput / plaintext throughput)');
  for (const c of CONCURRENCY) {
    for (const peer of ['executor', 'inProcess'] as const) {
      const ratio =
        summary[`encrypted.point.c${c}.${peer}PerSec`]! / summary[`plaintext.point.c${c}.${peer}PerSec`]!;
      summary[`encryptedOverPlaintext.point.c${c}.${peer}`] = round(ratio);
    }
    console.log(
      `point c=${c}: executor ${summary[`encryptedOverPlaintext.point.c${c}.executor`]}, in-process ${summary[`encryptedOverPlaintext.point.c${c}.inProcess`]}`,
    );
  }
  for (const peer of ['executor', 'inProcess'] as const) {
    const ratio = summary[`encrypted.bulk.${peer}RowsPerSec`]! / summary[`plaintext.bulk.${peer}RowsPerSec`]!;
    summary[`encryptedOverPlaintext.bulk.${peer}`] = round(ratio);
    console.log(`bulk ${peer}: ${round(ratio)}`);
  }

  const iso = await benchIsolation();
  console.log('\n2. Isolation (encrypted): long aggregates back to back while point reads run');
  console.log('peer        | long query ms | point p99 ms | event-loop delay p99 ms | point reads');
  for (const [name, r] of [
    ['executor', iso.executor],
    ['in-process', iso.inProcess],
  ] as const) {
    console.log(
      `${name.padEnd(11)} | ${r.longQueryMs.toFixed(0).padStart(13)} | ${r.pointReadP99Ms.toFixed(2).padStart(12)} | ${r.eventLoopDelayP99Ms.toFixed(2).padStart(23)} | ${r.pointReads}`,
    );
  }
  for (const [peer, r] of [
    ['executor', iso.executor],
    ['inProcess', iso.inProcess],
  ] as const) {
    summary[`isolation.${peer}.longQueryMs`] = round(r.longQueryMs, 1);
    summary[`isolation.${peer}.pointReadP99Ms`] = round(r.pointReadP99Ms);
    summary[`isolation.${peer}.eventLoopDelayP99Ms`] = round(r.eventLoopDelayP99Ms);
  }

  const ceiling = await benchKyselyCeiling();
  const zeroRatio = ceiling.zeroCost[4096]! / ceiling.zeroCost[64]!;
  console.log(
    `\nKysely over a zero-cost driver (no database work; a ceiling for any driver): c=64 ${k(ceiling.zeroCost[64]!)}/s, c=4096 ${k(ceiling.zeroCost[4096]!)}/s, 4096/64 = ${(zeroRatio * 100).toFixed(0)}%`,
  );
  console.log(
    `executor (encrypted, same slices): c=64 ${k(ceiling.executor[64]!)}/s, c=4096 ${k(ceiling.executor[4096]!)}/s = ${((ceiling.executor[4096]! / ceiling.zeroCost[4096]!) * 100).toFixed(0)}% of the zero-cost driver at 4096`,
  );
  for (const c of [64, 4096]) {
    summary[`zeroCostDriver.point.c${c}.perSec`] = Math.round(ceiling.zeroCost[c]!);
    summary[`zeroCostDriver.point.c${c}.executorPerSec`] = Math.round(ceiling.executor[c]!);
  }
  summary['zeroCostDriver.point.c4096_over_c64'] = round(zeroRatio);
  summary['zeroCostDriver.point.c4096.executorOverZeroCost'] = round(
    ceiling.executor[4096]! / ceiling.zeroCost[4096]!,
  );

  const young = youngGenerationRun();
  console.log(
    `\nWith --max-semi-space-size=64 (encrypted, executor): c=64 ${k(young.c64)}/s, c=4096 ${k(young.c4096)}/s, 4096/64 = ${((young.c4096 / young.c64) * 100).toFixed(0)}%`,
  );
  summary['youngGen64.encrypted.point.c64.executorPerSec'] = Math.round(young.c64);
  summary['youngGen64.encrypted.point.c4096.executorPerSec'] = Math.round(young.c4096);
  summary['youngGen64.encrypted.point.c4096_over_c64'] = round(young.c4096 / young.c64);

  await reportLatency(summary);

  console.log(`\n${JSON.stringify(summary)}`);
}

const only = process.argv.indexOf('--only');
if (only >= 0 && process.argv[only + 1] !== 'latency') throw new TypeError('--only takes: latency');
await (only >= 0 ? onlyLatency() : main());
