import { createHash, type Hash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { EntriesTable } from '../user-database/user-schema.js';

/**
 * Gives each imported row a key that is the same every time the same source row is imported:
 * a hash of its date, amount, payee and memo plus how many identical rows came before it in this
 * file (two identical coffees on one day stay two entries). Also hashes the whole content.
 * Memory grows with the number of distinct rows (~100 bytes each), not with their text.
 */
export class ImportFingerprint {
  #seen = new Map<string, number>();
  #content: Hash = createHash('sha256');

  /** The stable import key of `row` (call once per row, in file order). */
  keyOf(row: Insertable<EntriesTable>): string {
    const base = createHash('sha256')
      .update(`${row.date}\u001f${row.amount}\u001f${row.payee ?? ''}\u001f${row.memo ?? ''}`)
      .digest('base64url')
      .slice(0, 22);
    const occurrence = this.#seen.get(base) ?? 0;
    this.#seen.set(base, occurrence + 1);
    const key = `${base}.${occurrence}`;
    this.#content.update(`${key}\n`);
    return key;
  }

  /** Hash of every key seen, in order: equal for equal imports. Call once, at the end. */
  contentHash(): string {
    return this.#content.digest('hex');
  }
}
