import type { DriverConstructor } from '../driver-types.js';
import { adaptSignalDatabase } from './signal-connection.js';
import type { SignalDatabaseConstructor, SignalModule } from './signal-sqlcipher-api.js';

/** The module specifier that selects this adapter in `createSqlitePool({ driver })`. */
export const SIGNAL_SQLCIPHER = '@signalapp/sqlcipher';

/**
 * Turns the loaded `@signalapp/sqlcipher` module into a driver constructor. SQLCipher's own log
 * lines (three "hmac check failed…" lines on stderr for every wrong-key attempt) are turned off,
 * process-wide: the caller already gets a typed `WrongKeyError`, and the worker has no structured
 * logger to give them to (better-sqlite3-multiple-ciphers prints nothing either).
 */
export function adaptSignalSqlcipher(loaded: unknown): DriverConstructor {
  const module = loaded as SignalModule | null;
  const Database = typeof module?.default === 'function' ? module.default : module?.Database;
  if (typeof Database !== 'function') {
    throw new TypeError(`Module '${SIGNAL_SQLCIPHER}' does not export a Database class`);
  }
  const Adapted = adaptSignalDatabase(Database as SignalDatabaseConstructor);
  const probe = new Adapted(':memory:');
  try {
    probe.pragma('cipher_log_level=NONE');
  } finally {
    probe.close();
  }
  return Adapted;
}
