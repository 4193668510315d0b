/**
 * Executor-only point selects at concurrency 64 and 4096, run by `index.ts` in a child process
 * started with a larger V8 young generation (`--max-semi-space-size=64`), to show how much of the
 * drop at 4096 is scavenging the callers' in-flight Kysely queries. Prints one JSON line.
 */
import { createFixture, openExecutor } from './fixture.js';
import { measure, median } from './point-selects.js';

const fixture = createFixture(true);
try {
  const { pool, db } = await openExecutor(fixture.path, true);
  await measure(db, 64, 1_000);
  const runs: Record<number, number[]> = { 64: [], 4096: [] };
  for (let round = 0; round < 3; round++) {
    for (const c of [64, 4096]) runs[c]!.push(await measure(db, c));
  }
  await pool.close();
  console.log(JSON.stringify({ c64: median(runs[64]!), c4096: median(runs[4096]!) }));
} finally {
  fixture.cleanup();
}
