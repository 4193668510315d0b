import type { SignalDatabase } from './signal-sqlcipher-api.js';

/** What better-sqlite3 reads off `sqlite3_column_count` and `sqlite3_stmt_readonly`. */
export interface StatementProfile {
  /** The statement returns rows (it has a result row in its program). */
  reader: boolean;
  /** The statement cannot write to the database (as `sqlite3_stmt_readonly` decides). */
  readonly: boolean;
}

/** What the profile falls back to when the program cannot be read: correct, never routed to a reader. */
const UNKNOWN: StatementProfile = { reader: true, readonly: false };

/** Opcodes that make `sqlite3_stmt_readonly` false besides a write transaction (SQLite's vdbeaux.c). */
const WRITING_OPCODES = new Set(['Checkpoint', 'Vacuum', 'JournalMode']);

interface ProgramStep {
  opcode: string;
  p2: number;
}

/**
 * Reads a statement's profile from its `EXPLAIN` program, because `@signalapp/sqlcipher` exposes
 * neither the column count nor `sqlite3_stmt_readonly`. Same rule as SQLite's own flag: a
 * `Transaction` step with a non-zero write flag, or a checkpoint/vacuum/journal-mode step, writes.
 * Computed once per prepared statement (the worker caches them per connection).
 */
export function profileStatement(db: SignalDatabase, sql: string): StatementProfile {
  const program = explain(db, sql);
  if (program === null) return UNKNOWN;
  let reader = false;
  let readonly = true;
  for (const step of program) {
    if (step.opcode === 'ResultRow') reader = true;
    else if (step.opcode === 'Transaction' ? step.p2 !== 0 : WRITING_OPCODES.has(step.opcode))
      readonly = false;
  }
  return { reader, readonly };
}

function explain(db: SignalDatabase, sql: string): ProgramStep[] | null {
  let statement: ReturnType<SignalDatabase['prepare']>;
  try {
    statement = db.prepare(`EXPLAIN ${sql}`);
  } catch {
    return null;
  }
  try {
    return statement.all([]) as ProgramStep[];
  } catch (error) {
    // The binding insists on one value per placeholder even for EXPLAIN, and only its error says
    // how many there are. Named placeholders cannot be filled this way: the profile stays UNKNOWN.
    const expected = /Expected (\d+) parameters/.exec((error as Error).message);
    if (expected === null) return null;
    try {
      return statement.all(new Array<null>(Number(expected[1])).fill(null)) as ProgramStep[];
    } catch {
      return null;
    }
  } finally {
    statement.close();
  }
}
