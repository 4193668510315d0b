import type { DriverDatabase, DriverStatement } from './driver/driver-types.js';

const MAX_CACHED_STATEMENTS = 256;

/** One connection inside a worker: the driver handle, its prepared-statement cache, its open cursor. */
export class ConnectionState {
  readonly db: DriverDatabase;
  #statements = new Map<string, DriverStatement>();
  /** The open stream cursor; while set the connection cannot run anything else. */
  cursor: Iterator<unknown> | null = null;
  cursorChunkSize = 100;

  constructor(db: DriverDatabase) {
    this.db = db;
  }

  /** Prepared statement for `sql`, reused across calls (Kysely emits the same SQL per query shape). */
  statement(sql: string): DriverStatement {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  clearStatements(): void {
    this.#statements.clear();
  }

  closeCursor(): void {
    const cursor = this.cursor;
    this.cursor = null;
    cursor?.return?.();
  }
}
