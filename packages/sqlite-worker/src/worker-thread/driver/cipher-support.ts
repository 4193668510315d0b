import type { DriverConstructor } from './driver-types.js';

/**
 * Thrown inside the worker when an encrypted database is asked of a driver without cipher
 * support (plain `better-sqlite3`). Plain SQLite ignores unknown pragmas, so without this check
 * `PRAGMA key` would be a no-op and the "encrypted" database would be written in plaintext.
 */
export class CipherUnsupportedSignal extends Error {}

const support = new WeakMap<DriverConstructor, boolean>();

/**
 * Refuses to go on unless the driver is a SQLite3 Multiple Ciphers build. Probed once per driver on
 * an in-memory database, so the check never creates or touches the file being opened.
 */
export function assertCipherSupport(Driver: DriverConstructor): void {
  let supported = support.get(Driver);
  if (supported === undefined) {
    const probe = new Driver(':memory:');
    try {
      // SQLite3MC answers with the current cipher's name; plain SQLite returns no row.
      supported = typeof probe.pragma('cipher', { simple: true }) === 'string';
    } finally {
      probe.close();
    }
    support.set(Driver, supported);
  }
  if (!supported) {
    throw new CipherUnsupportedSignal(
      'The SQLite driver has no cipher support (it is not a SQLite3 Multiple Ciphers build), so it ' +
        'cannot open an encrypted database: use better-sqlite3-multiple-ciphers, or open without options.encryption',
    );
  }
}
