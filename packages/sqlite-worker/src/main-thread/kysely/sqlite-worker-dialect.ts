import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { SqliteDatabase } from '../../types.js';
import { SqliteWorkerAdapter } from './sqlite-worker-adapter.js';
import { SqliteWorkerDriver } from './sqlite-worker-driver.js';

/** Configuration of {@link SqliteWorkerDialect}. */
export interface SqliteWorkerDialectConfig {
  /** An open database from `pool.open()`; Kysely's `destroy()` leaves it open. */
  database: SqliteDatabase;
}

/**
 * Kysely dialect over a worker-hosted SQLite database. `db.transaction()` pins to the writer;
 * `db.connection()` holds the writer from its second statement (the migration lock from the
 * start); reads outside them run on readers in parallel; `.stream(chunkSize)` pulls chunks.
 * Results, BLOBs (`Buffer`) and the query log match Kysely's `SqliteDialect`; the README lists
 * every difference.
 *
 * ```ts
 * const db = new Kysely<DB>({ dialect: new SqliteWorkerDialect({ database }) });
 * ```
 */
export class SqliteWorkerDialect implements Dialect {
  #config: SqliteWorkerDialectConfig;

  constructor(config: SqliteWorkerDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new SqliteWorkerDriver(this.#config.database);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteWorkerAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
