/**
 * PostgreSQL-only: the change log written by repository code in the same transaction as the
 * change (a PL/pgSQL trigger cannot: the logged row is encrypted with a key only this process
 * holds). Seqs come from the user's `ledger_heads` row, whose row lock is held until commit, so a
 * user's seqs commit in order: a reader that saw seq N never later finds a new seq below N. The
 * commit delivers `NOTIFY coffer_changes, '<userId>:<seq>'` to every listening instance.
 */
import { sql, type Transaction } from 'kysely';
import type { ChangeEntry } from '../model.js';
import type { LedgerCipher } from './ledger-cipher.js';
import type { PgChangeLogTable, PgDatabase } from './pg-schema.js';

/** The channel every store instance LISTENs on; payload `<userId>:<seq>`. */
export const CHANGES_CHANNEL = 'coffer_changes';

const ROW_COLUMN = 'change_log.row';

/** A change to log: what `ChangeEntry` holds minus `seq` and `at`. */
export type PendingChange = Pick<ChangeEntry, 'entity' | 'op' | 'entityId' | 'row'>;

/** Collects the changes of one write transaction and logs them at its end. */
export class ChangeRecorder {
  readonly #changes: PendingChange[] = [];

  /** Adds a change (in the order they happened). */
  record(change: PendingChange): void {
    this.#changes.push(change);
  }

  /** How many changes were recorded. */
  get size(): number {
    return this.#changes.length;
  }

  /** Allocates seqs, inserts the log rows and queues the NOTIFY (sent on commit). */
  async flush(trx: Transaction<PgDatabase>, cipher: LedgerCipher): Promise<void> {
    if (this.#changes.length === 0) return;
    const userId = cipher.userId;
    const head = await trx
      .updateTable('ledger_heads')
      .set((eb) => ({ seq: eb('seq', '+', this.#changes.length) }))
      .where('user_id', '=', userId)
      .returning('seq')
      .executeTakeFirstOrThrow();
    const first = head.seq - this.#changes.length + 1;
    const at = Date.now();
    const rows: PgChangeLogTable[] = this.#changes.map((change, i) => ({
      user_id: userId,
      seq: first + i,
      entity: change.entity,
      op: change.op,
      entity_id: change.entityId,
      at,
      row_enc: change.row === null ? null : cipher.encrypt(ROW_COLUMN, JSON.stringify(change.row)),
    }));
    for (let i = 0; i < rows.length; i += 5_000) {
      await trx
        .insertInto('change_log')
        .values(rows.slice(i, i + 5_000))
        .execute();
    }
    await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${`${userId}:${head.seq}`})`.execute(trx);
  }
}

/** Decrypts change-log rows into entries. */
export function toChangeEntry(row: PgChangeLogTable, cipher: LedgerCipher): ChangeEntry {
  return {
    seq: row.seq,
    entity: row.entity,
    op: row.op,
    entityId: row.entity_id,
    at: row.at,
    row: row.row_enc === null ? null : JSON.parse(cipher.decrypt(ROW_COLUMN, row.row_enc)),
  } as ChangeEntry;
}
