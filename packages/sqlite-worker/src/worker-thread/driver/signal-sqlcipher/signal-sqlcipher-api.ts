/**
 * Structural view of `@signalapp/sqlcipher` 4.x (Signal Desktop's N-API SQLCipher binding): only
 * what the adapter calls, so the AGPL-licensed package is never a compile-time dependency of Coffer
 * (the same approach as Kysely's `sqlite-dialect-config.ts` for better-sqlite3).
 */
export interface SignalStatement {
  /** Runs a statement that returns no rows. Parameters: an array (`?`) or an object (named). */
  run(params?: readonly unknown[] | Readonly<Record<string, unknown>>): {
    changes: number;
    lastInsertRowid: number;
  };
  /** Runs the statement to completion and returns every row (there is no cursor API). */
  all(params?: readonly unknown[] | Readonly<Record<string, unknown>>): unknown[];
  /** Finalizes the statement now instead of when it is garbage-collected. */
  close(): void;
}

/** A `@signalapp/sqlcipher` database handle. */
export interface SignalDatabase {
  prepare(sql: string, options?: { persistent?: boolean; pluck?: true }): SignalStatement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: true }): unknown;
  close(): void;
}

/** The package's `Database` export. It has no open flags: always read-write, created if missing. */
export type SignalDatabaseConstructor = new (path: string) => SignalDatabase;

/** The package's module namespace as `require` returns it. */
export interface SignalModule {
  default?: unknown;
  Database?: unknown;
}
