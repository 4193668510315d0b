import { CompiledQuery } from 'kysely';

/**
 * What the driver sends for Kysely's transaction calls. They go through the connection's
 * `executeQuery` (which Kysely wraps for its `log` option) so they are logged as with the stock
 * dialect; the connection recognises them by identity and runs them on its reserved writer.
 * `begin immediate` takes SQLite's write lock at once, so a transaction never meets `SQLITE_BUSY`
 * halfway through because another process wrote meanwhile.
 */
export const BEGIN = CompiledQuery.raw('begin immediate');
export const COMMIT = CompiledQuery.raw('commit');
export const ROLLBACK = CompiledQuery.raw('rollback');

/** Whether `compiledQuery` is one of the driver's transaction statements. */
export function isControl(compiledQuery: CompiledQuery): boolean {
  return compiledQuery === BEGIN || compiledQuery === COMMIT || compiledQuery === ROLLBACK;
}
