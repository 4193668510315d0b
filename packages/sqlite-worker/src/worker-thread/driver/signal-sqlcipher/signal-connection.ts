import { existsSync } from 'node:fs';
import type {
  DriverConstructor,
  DriverDatabase,
  DriverOpenOptions,
  DriverStatement,
} from '../driver-types.js';
import type { SignalDatabase, SignalDatabaseConstructor, SignalStatement } from './signal-sqlcipher-api.js';
import { guard, SignalStatementAdapter } from './signal-statement.js';

/**
 * Adapts `@signalapp/sqlcipher`'s `Database` to the better-sqlite3-shaped {@link DriverConstructor}
 * the worker drives. What better-sqlite3 has and the binding lacks is rebuilt here:
 * - open flags: `fileMustExist` is checked before opening. The binding always opens read-write, so
 *   a reader connection is read-write at the file level; the worker still sends it only statements
 *   whose program cannot write (`readonly`, below). `PRAGMA query_only` is no substitute: it
 *   also refuses `VACUUM INTO`, which backs up from a reader;
 * - `inTransaction`: probed with `BEGIN` (refused inside a transaction) and rolled straight back;
 * - statements: see `SignalStatementAdapter` (profile from `EXPLAIN`, streams read in full).
 */
export function adaptSignalDatabase(Database: SignalDatabaseConstructor): DriverConstructor {
  closeOpenConnectionsOnExit();
  return class SignalSqlcipherDatabase extends SignalConnection {
    constructor(filename: string, options?: DriverOpenOptions) {
      super(Database, filename, options);
    }
  };
}

/** Every connection not yet closed, so they can be closed before the thread exits. */
const openConnections = new Set<SignalConnection>();
let closingOnExit = false;

/**
 * The binding's finalizer throws into a dying thread if a database is still open when the thread
 * ends (a worker crash, `process.exit` in a worker), and a throw there is a fatal error that takes
 * the whole process down. Closing every connection on `exit` first keeps a worker crash a worker crash.
 */
function closeOpenConnectionsOnExit(): void {
  if (closingOnExit) return;
  closingOnExit = true;
  process.once('exit', () => {
    for (const connection of openConnections) connection.close();
  });
}

class SignalConnection implements DriverDatabase {
  readonly #db: SignalDatabase;
  #probe: { begin: SignalStatement; rollback: SignalStatement } | null = null;
  #open = true;

  constructor(Database: SignalDatabaseConstructor, filename: string, options: DriverOpenOptions = {}) {
    if (options.fileMustExist === true && filename !== ':memory:' && !existsSync(filename)) {
      throw Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    }
    this.#db = guard(() => new Database(filename));
    openConnections.add(this);
  }

  get inTransaction(): boolean {
    this.#probe ??= {
      begin: guard(() => this.#db.prepare('BEGIN', { persistent: true })),
      rollback: guard(() => this.#db.prepare('ROLLBACK', { persistent: true })),
    };
    try {
      this.#probe.begin.run([]);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_ERROR') return true;
      throw error;
    }
    this.#probe.rollback.run([]);
    return false;
  }

  prepare(sql: string): DriverStatement {
    return new SignalStatementAdapter(this.#db, sql);
  }

  exec(sql: string): void {
    guard(() => this.#db.exec(sql));
  }

  pragma(source: string, options?: { simple?: boolean }): unknown {
    return guard(() => this.#db.pragma(source, options?.simple === true ? { simple: true } : undefined));
  }

  /** Idempotent, as better-sqlite3's is (the binding throws on a second close). */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    openConnections.delete(this);
    this.#db.close();
  }
}
