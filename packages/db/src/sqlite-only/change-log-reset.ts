import { type Kysely, sql } from 'kysely';
import type { UserDatabase } from '../user-database/user-schema.js';
import { SQL_NOW_MS } from './change-log-triggers.js';

/**
 * SQLite-only: after a restore, moves the change log's AUTOINCREMENT counter past every `seq`
 * handed out before (`previousMax`), appends a `ledger/reset` entry and raises the floor to just
 * below it. Clients resuming from any earlier seq get `ChangeLogPrunedError` and resync; no seq
 * is ever reused for a different change.
 */
export async function appendResetEntry(db: Kysely<UserDatabase>, previousMax: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const restored = await sql<{ seq: number | null }>`SELECT max(seq) AS seq FROM change_log`.execute(trx);
    const floor = Math.max(previousMax, Number(restored.rows[0]?.seq ?? 0));
    await sql`DELETE FROM sqlite_sequence WHERE name = 'change_log'`.execute(trx);
    await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('change_log', ${floor})`.execute(trx);
    const inserted = await sql<{ seq: number }>`INSERT INTO change_log (entity, op, entity_id, at, row)
      VALUES ('ledger', 'reset', 0, ${sql.raw(SQL_NOW_MS)}, NULL) RETURNING seq`.execute(trx);
    await trx
      .insertInto('ledger_meta')
      .values({ key: 'pruned_through', value: String(floor) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(floor) }))
      .execute();
    return Number(inserted.rows[0]?.seq);
  });
}
