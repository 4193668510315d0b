import type { DriverConstructor, DriverDatabase } from './driver-types.js';

/**
 * Thrown inside the worker when a connection cannot keep SQLite's temporary data in memory, or when
 * a statement tries to change that; mapped to `TempStoreError`.
 */
export class TempStoreSignal extends Error {}

/** `PRAGMA temp_store` value for MEMORY. */
const MEMORY = 2;

/** Builds compiled with `SQLITE_TEMP_STORE=0` use files whatever the pragma says. */
const honoursPragma = new WeakMap<DriverConstructor, boolean>();

/**
 * Keeps every temporary structure of the connection in memory: sorter spills (ORDER BY, GROUP BY,
 * CREATE INDEX), transient tables (DISTINCT, IN lists, trigger row sets), TEMP tables, VACUUM's
 * copy of the database and statement journals. SQLite writes them to unlinked `etilqs_*` files
 * otherwise, and SQLite3 Multiple Ciphers does not encrypt those: they would hold user data in
 * plaintext. Set and read back on every connection; a build that ignores it is refused.
 */
export function keepTempDataInMemory(Driver: DriverConstructor, db: DriverDatabase): void {
  let honoured = honoursPragma.get(Driver);
  if (honoured === undefined) {
    const options = db.pragma('compile_options') as { compile_options: string }[];
    honoured = !options.some((row) => row.compile_options === 'TEMP_STORE=0');
    honoursPragma.set(Driver, honoured);
  }
  if (!honoured) {
    throw new TempStoreSignal(
      'The SQLite driver was built with SQLITE_TEMP_STORE=0 (temporary data always on disk, unencrypted)',
    );
  }
  db.pragma('temp_store=MEMORY');
  const value = db.pragma('temp_store', { simple: true });
  if (value !== MEMORY) {
    throw new TempStoreSignal(
      `PRAGMA temp_store=MEMORY did not take (it reads back ${String(value)}): temporary data would reach disk unencrypted`,
    );
  }
}

const PRAGMA = /\bpragma\b/i;
const TEMP_STORE = /temp_store/i;
const TEMP_STORE_READ = /^\s*pragma\s+(?:main\s*\.\s*)?temp_store\s*;?\s*$/i;

/**
 * Refuses SQL that could move temporary data back to disk (`PRAGMA temp_store = FILE`, or the
 * process-wide `temp_store_directory`). Conservative by design: any pragma naming `temp_store`
 * other than a plain read is refused. Called when a statement is prepared, not per execution.
 */
export function refuseTempStoreChange(sql: string): void {
  if (TEMP_STORE.test(sql) && PRAGMA.test(sql) && !TEMP_STORE_READ.test(sql)) {
    throw new TempStoreSignal(
      'PRAGMA temp_store cannot be changed: temporary data stays in memory so it never reaches disk unencrypted',
    );
  }
}
