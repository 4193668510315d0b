import type { QueryResult } from 'kysely';

/** What a statement reports: a worker's answer or a `SqliteDatabase` query result. */
interface StatementOutcome {
  rows: unknown[];
  changes: number;
  lastInsertRowid: number | bigint;
  reader: boolean;
}

/**
 * Kysely's result for one statement, shaped as Kysely's `SqliteDialect` shapes it: a statement
 * that returns rows (a read, or a write with `RETURNING`) gives only `rows`; any other statement
 * gives `numAffectedRows` and `insertId` (the connection's last insert rowid, as better-sqlite3's
 * `run()` reports it).
 */
export function toKyselyResult(outcome: StatementOutcome): QueryResult<unknown> {
  if (outcome.reader) return { rows: outcome.rows };
  return {
    rows: outcome.rows,
    numAffectedRows: BigInt(outcome.changes),
    insertId: BigInt(outcome.lastInsertRowid),
  };
}
