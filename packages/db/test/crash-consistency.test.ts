import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool, type SqliteDatabase, type SqlitePool } from '@coffer/sqlite-worker';
import { driverUnderTest } from '@coffer/sqlite-worker/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedgerStore, parseLedgerCsv, type UserLedger } from '../src/index.js';
import { type CrashWriterAcks, type KillPlan, runCrashWriter } from './support/crash-writer-process.js';
import { userDbPath } from './support/files.js';
import { importPayee, writeLedgerCsv } from './support/ledger-csv-fixture.js';
import { PASSWORD } from './support/temp-store.js';

const USERNAME = 'crashy';
const CSV_ROWS = 8_000;
const CHUNK_SIZE = 500;

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** Small deterministic PRNG (mulberry32): the seed in a failure message reproduces the kill points. */
function random(seed: number): (min: number, max: number) => number {
  let state = seed >>> 0;
  return (min, max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    return min + Math.floor(unit * (max - min + 1));
  };
}

const rowsOf = async <R>(database: SqliteDatabase, sql: string, params: unknown[] = []) =>
  (await database.query<R>(sql, params)).rows;

/** What a round checks after reopening, through the executor on the user's (encrypted) file. */
async function assertConsistent(
  database: SqliteDatabase,
  acked: Map<number, string>,
  label: string,
): Promise<void> {
  expect(await rowsOf(database, 'PRAGMA integrity_check'), label).toEqual([{ integrity_check: 'ok' }]);
  expect(await rowsOf(database, 'PRAGMA foreign_key_check'), label).toEqual([]);
  // Every acknowledged single write is there, unchanged.
  const present = new Map(
    (
      await rowsOf<{ id: number; payee: string }>(
        database,
        "SELECT id, payee FROM entries WHERE payee LIKE 'single-%'",
      )
    ).map((r) => [r.id, r.payee]),
  );
  const missing = [...acked].filter(([id, payee]) => present.get(id) !== payee);
  expect(missing, `${label}: acknowledged entries missing`).toEqual([]);
  // The change log and the data agree both ways (no deletes happen in this test).
  expect(
    await rowsOf(
      database,
      `SELECT e.id FROM entries e WHERE NOT EXISTS (SELECT 1 FROM change_log c
         WHERE c.entity = 'entry' AND c.op = 'insert' AND c.entity_id = e.id)`,
    ),
    `${label}: entries without a change-log row`,
  ).toEqual([]);
  expect(
    await rowsOf(
      database,
      `SELECT c.seq FROM change_log c WHERE c.entity = 'entry' AND c.op = 'insert'
         AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = c.entity_id)`,
    ),
    `${label}: change-log rows without their entry`,
  ).toEqual([]);
  // Tables the triggers derive in the same transaction are in step too.
  expect(
    await rowsOf(
      database,
      `SELECT a.account_id FROM (SELECT account_id, sum(amount) AS s, count(*) AS n FROM entries GROUP BY account_id) a
         LEFT JOIN (SELECT account_id, sum(delta) AS s, sum(entry_count) AS n FROM daily_totals GROUP BY account_id) d
         USING (account_id) WHERE d.s IS NOT a.s OR d.n IS NOT a.n`,
    ),
    `${label}: daily_totals out of step`,
  ).toEqual([]);
  await database.query("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')");
}

/** The crashed import: each chunk (one executor batch, one transaction) is wholly present or absent. */
async function assertImportChunks(
  database: SqliteDatabase,
  round: number,
  acks: CrashWriterAcks,
  label: string,
): Promise<number> {
  const [batch] = await rowsOf<{ id: number; status: string }>(
    database,
    'SELECT id, status FROM import_batches WHERE source_name = ?',
    [`round-${round}.csv`],
  );
  if (batch === undefined) {
    // Killed before the import wrote its batch record: nothing of it may exist.
    expect(acks.importedRows, `${label}: acknowledged chunks without a batch record`).toBe(0);
    expect(
      await rowsOf(database, 'SELECT id FROM entries WHERE payee LIKE ?', [`imp-r${round}-%`]),
      label,
    ).toEqual([]);
    return 0;
  }
  const payees = (
    await rowsOf<{ payee: string }>(database, 'SELECT payee FROM entries WHERE import_batch_id = ?', [
      batch.id,
    ])
  ).map((r) => r.payee);
  const imported = payees.length;
  // Chunks commit in order, so the rows present are exactly a prefix of the file, chunk-aligned.
  expect(new Set(payees), `${label}: imported rows are a prefix of the file`).toEqual(
    new Set(Array.from({ length: imported }, (_, i) => importPayee(round, i))),
  );
  expect(
    imported % CHUNK_SIZE === 0 || imported === CSV_ROWS,
    `${label}: ${imported} rows is not whole chunks`,
  ).toBe(true);
  // Everything acknowledged is there; at most the one chunk in flight at the kill is beyond it.
  expect(imported, label).toBeGreaterThanOrEqual(acks.importedRows);
  expect(imported, label).toBeLessThanOrEqual(acks.importedRows + CHUNK_SIZE);
  // Unlocking after a crash marks the import `interrupted`; a finished import says `done`.
  const expected = acks.importDone
    ? ['done']
    : imported === CSV_ROWS
      ? ['interrupted', 'done']
      : ['interrupted'];
  expect(expected, `${label}: batch status`).toContain(batch.status);
  return imported;
}

async function reimport(ledger: UserLedger, accountId: number, csvPath: string, round: number) {
  return ledger.imports.importRows({
    accountId,
    sourceName: `round-${round}-again.csv`,
    rows: parseLedgerCsv(createReadStream(csvPath)),
    chunkSize: CHUNK_SIZE,
  });
}

describe('crash consistency (kill -9 during writes and imports)', () => {
  it('keeps every acknowledged write and whole import chunks across repeated SIGKILLs', async () => {
    const seed = Number(process.env.COFFER_CRASH_SEED ?? Date.now() % 1_000_000);
    const pick = random(seed);
    dataDir = await mkdtemp(join(tmpdir(), 'coffer-crash-'));
    const pool: SqlitePool = createSqlitePool({ threads: 2, driver: driverUnderTest() });
    const acked = new Map<number, string>();
    try {
      const plans: KillPlan[] = [
        { afterChunks: pick(1, 4), afterEntries: pick(5, 40) },
        { afterChunks: 0, afterEntries: pick(1, 4) }, // early: around the first chunks
        { afterChunks: pick(3, 10), afterEntries: pick(5, 40) },
      ];
      for (const [round, plan] of plans.entries()) {
        const label = `seed ${seed}, round ${round}, plan ${JSON.stringify(plan)}`;
        const csvPath = await writeLedgerCsv(join(dataDir, `round-${round}.csv`), round, CSV_ROWS);
        const acks = await runCrashWriter(
          {
            dataDir,
            username: USERNAME,
            password: PASSWORD,
            create: round === 0,
            payeePrefix: `single-r${round}`,
            csvPath,
            sourceName: `round-${round}.csv`,
            chunkSize: CHUNK_SIZE,
            writers: 3,
          },
          plan,
        );
        for (const [id, payee] of acks.entries) acked.set(id, payee);

        const store = await createLedgerStore({ dataDir, pool });
        try {
          const ledger = await store.unlock(USERNAME, PASSWORD);
          // A fresh connection per check: a connection that already ran PRAGMA integrity_check
          // reports false FTS5 corruption once another connection rewrote the index (SQLite quirk).
          const withFile = async <T>(check: (database: SqliteDatabase) => Promise<T>): Promise<T> => {
            const database = await pool.open({
              path: userDbPath(dataDir!, ledger.user.id),
              encryption: { passphrase: PASSWORD },
            });
            try {
              return await check(database);
            } finally {
              await database.close();
            }
          };
          const imported = await withFile(async (database) => {
            await assertConsistent(database, acked, label);
            return assertImportChunks(database, round, acks, label);
          });
          const again = await reimport(ledger, acks.accountId!, csvPath, round);
          expect(again, label).toMatchObject({ added: CSV_ROWS - imported, skipped: imported, invalid: 0 });
          await withFile(async (database) => {
            expect(
              await rowsOf(
                database,
                'SELECT count(*) AS n, count(DISTINCT payee) AS distinct_payees FROM entries WHERE payee LIKE ?',
                [`imp-r${round}-%`],
              ),
              label,
            ).toEqual([{ n: CSV_ROWS, distinct_payees: CSV_ROWS }]);
            await assertConsistent(database, acked, `${label}, after re-import`);
          });
        } finally {
          await store.close();
        }
      }
      // Entry ids are never reused, so the acknowledgements of every round add up.
      expect(acked.size).toBeGreaterThanOrEqual(plans.reduce((sum, plan) => sum + plan.afterEntries, 0));
    } finally {
      await pool.close();
    }
  }, 180_000);
});
