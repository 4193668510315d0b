import { createFixture, openExecutor } from './fixture.js';
import { measure } from './point-selects.js';

const f = createFixture(true);
const on = await openExecutor(f.path, true, 2, Number(process.argv[2] ?? 100));
const off = await openExecutor(f.path, true, 2, 0);
for (const c of [1, 2, 4, 16, 64]) {
  for (let r = 0; r < 2; r++) {
    const s0 = on.pool.stats().stayAwake;
    const a = await measure(on.db, c, 400);
    const s1 = on.pool.stats().stayAwake;
    const b = await measure(off.db, c, 400);
    console.log(
      `c${c} on ${a.toFixed(0)} off ${b.toFixed(0)} ratio ${(a / b).toFixed(2)} windows ${s1.windows - s0.windows} hits ${s1.hits - s0.hits}`,
    );
  }
}
await on.pool.close();
await off.pool.close();
f.cleanup();
