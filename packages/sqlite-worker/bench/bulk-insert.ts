import { createFixture, openExecutor, openInProcess } from './fixture.js';

const BULK_ROWS = 200_000;
const INSERT = 'INSERT INTO bulk (id, grp, name, amount) VALUES (?, ?, ?, ?)';
const CREATE =
  'CREATE TABLE bulk (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, name TEXT NOT NULL, amount INTEGER NOT NULL)';

function rows(): unknown[][] {
  return Array.from({ length: BULK_ROWS }, (_, i) => [i + 1, i % 100, `bulk-${i}`, i * 3]);
}

export interface BulkResult {
  /** Rows per second: one `batch` call (one message, one transaction) through the executor. */
  executorRowsPerSec: number;
  /** Rows per second: a prepared INSERT in a `db.transaction()` loop on the main thread. */
  inProcessRowsPerSec: number;
}

export async function benchBulkInsert(encrypted: boolean): Promise<BulkResult> {
  const fixture = createFixture(encrypted);
  try {
    const data = rows();
    const raw = openInProcess(fixture.path, encrypted);
    raw.exec(CREATE);
    const insert = raw.prepare(INSERT);
    let t = performance.now();
    raw.transaction(() => {
      for (const row of data) insert.run(row);
    })();
    const inProcessMs = performance.now() - t;
    raw.exec('DROP TABLE bulk');
    raw.close();

    const { pool, database } = await openExecutor(fixture.path, encrypted);
    await database.exec(CREATE);
    t = performance.now();
    await database.batch(INSERT, data);
    const executorMs = performance.now() - t;
    await pool.close();
    return {
      executorRowsPerSec: (BULK_ROWS / executorMs) * 1000,
      inProcessRowsPerSec: (BULK_ROWS / inProcessMs) * 1000,
    };
  } finally {
    fixture.cleanup();
  }
}
