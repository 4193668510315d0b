/**
 * Compares builds of this package side by side in one process, on one fixture: point selects
 * through Kysely, interleaved slices, rotating order. Reports throughput and the main thread's CPU
 * time per query (read from /proc, so other processes' load on a shared machine skews it far less
 * than throughput). Build each variant's `dist/` first (e.g. `git worktree` + `tsc -p
 * tsconfig.build.json`), inside this package so it resolves the same dependencies.
 *
 *   BUILDS=before=/abs/path/a/dist/index.js,after=/abs/path/b/dist/index.js \
 *     LEVELS=64,1024 ROUNDS=20 tsx bench/compare-builds.ts
 *
 * Ratios are against the first build. Linux only (`/proc/self/task/<pid>/stat`).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Kysely } from 'kysely';
import { type BenchTable, createFixture, PASSPHRASE } from './fixture.js';
import { measure } from './point-selects.js';

/** CPU time of the main thread alone in µs (utime + stime, 10 ms ticks). */
function mainThreadCpuUs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const builds = (process.env.BUILDS ?? '').split(',').map((entry) => {
  const [name, path] = entry.split('=');
  if (!name || !path) throw new TypeError('BUILDS must be name=/abs/dist/index.js,name=…');
  return { name, path };
});
const levels = (process.env.LEVELS ?? '1,64,1024,4096').split(',').map(Number);
const rounds = Number(process.env.ROUNDS ?? 10);
const sliceMs = Number(process.env.SLICE ?? 400);

const fixture = createFixture(true);
const peers: { name: string; db: Kysely<BenchTable>; close(): Promise<void> }[] = [];
try {
  for (const { name, path } of builds) {
    const build = await import(path);
    const pool = build.createSqlitePool({ threads: 2, maxQueuePerDatabase: 100_000 });
    const database = await pool.open({
      path: fixture.path,
      readers: 2,
      encryption: { passphrase: PASSPHRASE },
    });
    const db = new Kysely<BenchTable>({ dialect: new build.SqliteWorkerDialect({ database }) });
    peers.push({ name, db, close: () => pool.close() });
  }
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  for (const peer of peers) await measure(peer.db, 64, 700);
  for (const concurrency of levels) {
    const cpuUs = new Map<string, number>();
    const queries = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const shift = round % peers.length;
      for (const peer of [...peers.slice(shift), ...peers.slice(0, shift)]) {
        const cpuBefore = mainThreadCpuUs();
        const start = performance.now();
        const perSecond = await measure(peer.db, concurrency, sliceMs);
        queries.set(
          peer.name,
          (queries.get(peer.name) ?? 0) + (perSecond * (performance.now() - start)) / 1000,
        );
        cpuUs.set(peer.name, (cpuUs.get(peer.name) ?? 0) + mainThreadCpuUs() - cpuBefore);
      }
    }
    const first = peers[0]!.name;
    const usPerQuery = (name: string) => cpuUs.get(name)! / queries.get(name)!;
    const rows = peers.map(({ name }) => ({
      build: name,
      queriesPerSec: Math.round(queries.get(name)! / ((rounds * sliceMs) / 1000)),
      mainThreadUsPerQuery: Number(usPerQuery(name).toFixed(2)),
      cpuVsFirst: Number((usPerQuery(name) / usPerQuery(first)).toFixed(3)),
    }));
    console.log(JSON.stringify({ concurrency, rows }));
  }
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
} finally {
  for (const peer of peers) await peer.close();
  fixture.cleanup();
}
