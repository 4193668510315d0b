/**
 * The environment variable a test run sets to run a package's whole suite on another driver,
 * e.g. `COFFER_TEST_SQLITE_DRIVER=@signalapp/sqlcipher` (the `@coffer/db (signal)` vitest project).
 */
export const DRIVER_UNDER_TEST_ENV = 'COFFER_TEST_SQLITE_DRIVER';

/**
 * The driver module specifier this test run asks for, or `undefined` for the pool's default.
 * Test support code passes it to `createSqlitePool({ driver })`; child processes inherit it.
 *
 * ```ts
 * const pool = createSqlitePool({ threads: 1, driver: driverUnderTest() });
 * ```
 */
export function driverUnderTest(): string | undefined {
  const value = process.env[DRIVER_UNDER_TEST_ENV];
  return value === undefined || value === '' ? undefined : value;
}
