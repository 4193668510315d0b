/**
 * Structural view of a better-sqlite3-compatible driver (better-sqlite3-multiple-ciphers,
 * better-sqlite3, @signalapp/better-sqlite3). Only what this package calls is declared, so no
 * driver is a compile-time dependency (the same approach as Kysely's `sqlite-dialect-config.ts`).
 */
export interface DriverStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

export interface DriverDatabase {
  prepare(sql: string): DriverStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
}

export interface DriverOpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

/** The driver module's export: a constructor of databases. */
export type DriverConstructor = new (filename: string, options?: DriverOpenOptions) => DriverDatabase;
