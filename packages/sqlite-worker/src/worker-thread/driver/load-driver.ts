import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { DriverConstructor } from './driver-types.js';

/**
 * Loads a better-sqlite3-compatible driver by module specifier. Resolves from this package first
 * (where the default driver is installed), then from the working directory (an app's own driver).
 */
export function loadDriver(specifier: string): DriverConstructor {
  const candidates = [import.meta.url, pathToFileURL(`${process.cwd()}/`).href];
  let lastError: unknown;
  for (const base of candidates) {
    try {
      const loaded: unknown = createRequire(base)(specifier);
      return asConstructor(loaded, specifier);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`Cannot load SQLite driver '${specifier}'`, { cause: lastError });
}

function asConstructor(loaded: unknown, specifier: string): DriverConstructor {
  if (typeof loaded === 'function') return loaded as DriverConstructor;
  const inner = (loaded as { default?: unknown } | null)?.default;
  if (typeof inner === 'function') return inner as DriverConstructor;
  throw new TypeError(`Module '${specifier}' does not export a better-sqlite3-compatible Database class`);
}
