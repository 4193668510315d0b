import type { DriverDatabase, DriverStatement } from './driver/driver-types.js';
import { refuseTempStoreChange } from './driver/temp-store.js';

const MAX_CACHED_STATEMENTS = 256;

/** One connection inside a worker: the driver handle, its prepared-statement cache, its open cursor. */
export class ConnectionState {
  readonly db: DriverDatabase;
  /** Flag results holding BLOBs so the main thread turns them into `Buffer`s. */
  readonly blobsAsBuffer: boolean;
  #statements = new Map<string, DriverStatement>();
  /** The open stream cursor; while set the connection cannot run anything else. */
  cursor: Iterator<unknown> | null = null;
  cursorChunkSize = 100;

  constructor(db: DriverDatabase, blobsAsBuffer: boolean) {
    this.db = db;
    this.blobsAsBuffer = blobsAsBuffer;
  }

  /** Prepared statement for `sql`, reused across calls (Kysely emits the same SQL per query shape). */
  statement(sql: string): DriverStatement {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      refuseTempStoreChange(sql);
      stmt = this.db.prepare(sql);
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs a multi-statement script (migrations); the same temp_store rule as `statement`. */
  exec(sql: string): void {
    refuseTempStoreChange(sql);
    this.db.exec(sql);
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
