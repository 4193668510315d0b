import type { DriverConstructor } from './driver-types.js';

/**
 * Thrown inside the worker when an encrypted database is asked of a driver without cipher
 * support (plain `better-sqlite3`). Plain SQLite ignores unknown pragmas, so without this check
 * `PRAGMA key` would be a no-op and the "encrypted" database would be written in plaintext.
 */
export class CipherUnsupportedSignal extends Error {}

/**
 * The pragmas that select the SQLCipher 4 format, run before `PRAGMA key`, per cipher library:
 * SQLite3 Multiple Ciphers must be told (its default cipher is ChaCha20); SQLCipher 4 uses that
 * format by default and is told so explicitly, in case a build changed its defaults.
 */
const FORMAT_PRAGMAS = {
  sqlite3mc: [`cipher='sqlcipher'`, 'legacy=4'],
  sqlcipher: ['cipher_compatibility=4'],
} as const;

const formats = new WeakMap<DriverConstructor, readonly string[] | null>();

/**
 * The pragmas that put a new connection of this driver in the SQLCipher 4 format, or a
 * `CipherUnsupportedSignal` if the driver has no cipher. Probed once per driver on an in-memory
 * database, so the check never creates or touches the file being opened.
 */
export function cipherFormatPragmas(Driver: DriverConstructor): readonly string[] {
  let format = formats.get(Driver);
  if (format === undefined) {
    format = probe(Driver);
    formats.set(Driver, format);
  }
  if (format === null) {
    throw new CipherUnsupportedSignal(
      'The SQLite driver has no cipher support (it is neither a SQLite3 Multiple Ciphers nor a SQLCipher ' +
        'build), so it cannot open an encrypted database: use better-sqlite3-multiple-ciphers or ' +
        '@signalapp/sqlcipher, or open without options.encryption',
    );
  }
  return format;
}

function probe(Driver: DriverConstructor): readonly string[] | null {
  const db = new Driver(':memory:');
  try {
    // SQLite3MC names its current cipher; SQLCipher names its version; plain SQLite returns no row.
    if (typeof db.pragma('cipher', { simple: true }) === 'string') return FORMAT_PRAGMAS.sqlite3mc;
    if (typeof db.pragma('cipher_version', { simple: true }) === 'string') return FORMAT_PRAGMAS.sqlcipher;
    return null;
  } finally {
    db.close();
  }
}
