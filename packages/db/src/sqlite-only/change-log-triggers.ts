import type { EntityShape } from '../shapes/entity-shape.js';

/**
 * SQLite-only: the triggers that write the change log. They run inside the statement's own
 * transaction, so no write — single, bulk, `batch`, or a rolled-back transaction — can bypass the
 * log or leave a log entry without its change. The JSON rows are the public (camelCase) shapes,
 * derived from each entity's column map, so the API can push them unchanged.
 *
 * Migrations hold the text these functions produced when they were released (migration 0002);
 * `test/entity-shapes.test.ts` fails when the stored triggers and the column maps disagree, and a
 * new migration then recreates the triggers with this function's current output, frozen as text.
 */

/** Milliseconds since the epoch, computed by SQLite (works on every SQLite version). */
export const SQL_NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

/** The three logging triggers (insert, update, delete) of one entity. */
export function changeLogTriggersSql(shape: EntityShape<unknown, string>): string[] {
  return (
    [
      ['insert', 'NEW'],
      ['update', 'NEW'],
      ['delete', 'OLD'],
    ] as const
  ).map(
    ([op, ref]) =>
      `CREATE TRIGGER ${shape.table}_log_${op} AFTER ${op.toUpperCase()} ON ${shape.table} BEGIN
          INSERT INTO change_log (entity, op, entity_id, at, row)
          VALUES ('${shape.entity}', '${op}', ${ref}.id, ${SQL_NOW_MS}, ${shape.jsonObjectSql(ref)});
        END`,
  );
}
