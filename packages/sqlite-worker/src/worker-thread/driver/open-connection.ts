import type { OpenSpec } from '../../protocol/messages.js';
import { cipherFormatPragmas } from './cipher-support.js';
import type { DriverConstructor, DriverDatabase } from './driver-types.js';
import { keepTempDataInMemory } from './temp-store.js';

/** Thrown inside the worker when the key does not open the file; mapped to `WrongKeyError`. */
export class WrongKeySignal extends Error {}

/**
 * Opens one connection. Order matters for encrypted files: cipher format → key → verify with a
 * read, and only then anything that could write (journal_mode), so a wrong key never touches the file.
 * A key given to a driver without cipher support is refused before the file is even created.
 * Temporary data is kept in memory on every connection, encrypted or not (see `temp-store.ts`).
 */
export function openConnection(Driver: DriverConstructor, spec: OpenSpec): DriverDatabase {
  // Before the file is opened: a driver without ciphers would otherwise create it in plaintext.
  const format = spec.key === null ? [] : cipherFormatPragmas(Driver);
  const db = new Driver(spec.path, { readonly: spec.readonly, fileMustExist: spec.readonly });
  try {
    keepTempDataInMemory(Driver, db);
    if (spec.key !== null) {
      for (const pragma of format) db.pragma(pragma);
      db.pragma(`key=${spec.key}`);
    }
    verifyReadable(db);
    db.pragma(`busy_timeout=${Math.max(0, Math.trunc(spec.busyTimeoutMs))}`);
    if (!spec.readonly) {
      const mode = db.pragma('journal_mode=WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`Could not enable WAL (journal_mode is ${String(mode)})`);
      // NORMAL in WAL: a commit is durable once in the WAL; survives process kill, may lose the last
      // transactions on power loss. FULL would fsync on every commit.
      db.pragma('synchronous=NORMAL');
    }
    db.pragma('foreign_keys=ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function verifyReadable(db: DriverDatabase): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').all();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB')
      throw new WrongKeySignal('wrong key', { cause: error });
    throw error;
  }
}
