/**
 * Child process for `stay-awake.test.ts`: uses a pool with long stay-awake windows, closes it,
 * then reports what is still keeping the event loop alive and lets the process end on its own.
 */
import { join } from 'node:path';
import { createSqlitePool } from '../src/index.js';

const dir = process.argv[2]!;
const pool = createSqlitePool({ threads: 2, stayAwakeUs: 1_000_000 });
const db = await pool.open({ path: join(dir, 'exit.db'), encryption: { passphrase: 'pw' }, readers: 1 });
await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
await db.batch(
  'INSERT INTO t (id, v) VALUES (?, ?)',
  Array.from({ length: 50 }, (_, i) => [i + 1, `v${i + 1}`]),
);
const values: string[] = [];
for (let id = 1; id <= 50; id++) {
  const { rows } = await db.query<{ v: string }>('SELECT v FROM t WHERE id = ?', [id]);
  values.push(rows[0]!.v);
}
const windows = pool.stats().stayAwake.windows;
await pool.close();
const pending = process.getActiveResourcesInfo().filter((r) => r === 'Immediate' || r === 'Timeout');
console.log(JSON.stringify({ values, windows, pending }));
