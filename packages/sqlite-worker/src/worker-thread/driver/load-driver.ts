import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { DriverConstructor } from './driver-types.js';
import { adaptSignalSqlcipher, SIGNAL_SQLCIPHER } from './signal-sqlcipher/load-signal-sqlcipher.js';

/** Drivers whose API is not better-sqlite3's, by module specifier: each gets its adapter. */
const ADAPTERS: ReadonlyMap<string, (loaded: unknown, specifier: string) => DriverConstructor> = new Map([
  [SIGNAL_SQLCIPHER, adaptSignalSqlcipher],
]);

/**
 * Loads a driver by module specifier: a better-sqlite3-compatible one as it is, an adapted one
 * (`@signalapp/sqlcipher`) through its adapter. Resolves from this package first (where the
 * default driver is installed), then from the working directory (an app's own driver).
 */
export function loadDriver(specifier: string): DriverConstructor {
  const candidates = [import.meta.url, pathToFileURL(`${process.cwd()}/`).href];
  let lastError: unknown;
  for (const base of candidates) {
    let loaded: unknown;
    try {
      loaded = createRequire(base)(specifier);
    } catch (error) {
      lastError = error;
      continue;
    }
    return (ADAPTERS.get(specifier) ?? asConstructor)(loaded, specifier);
  }
  throw new Error(`Cannot load SQLite driver '${specifier}'`, { cause: lastError });
}

function asConstructor(loaded: unknown, specifier: string): DriverConstructor {
  if (typeof loaded === 'function') return loaded as DriverConstructor;
  const inner = (loaded as { default?: unknown } | null)?.default;
  if (typeof inner === 'function') return inner as DriverConstructor;
  throw new TypeError(`Module '${specifier}' does not export a better-sqlite3-compatible Database class`);
}
