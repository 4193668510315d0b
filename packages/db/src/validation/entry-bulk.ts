import type { Updateable } from 'kysely';
import { InvalidInputError } from '../errors.js';
import type { UpdateEntryInput } from '../model.js';
import { toEntryUpdate } from '../shapes/entry-values.js';
import type { EntriesTable } from '../user-database/user-schema.js';
import { assertId } from './ledger-values.js';

/** Largest bulk write accepted in one call. */
export const MAX_BULK = 10_000;

/** One checked patch of `entries.updateMany`: the entry and the columns it changes. */
export interface EntryUpdate {
  id: number;
  set: Updateable<EntriesTable>;
}

/** Checks that `items` is an array of at most {@link MAX_BULK} items (both backends' bulk calls). */
export function assertBulk(field: string, items: readonly unknown[]): void {
  if (!Array.isArray(items)) throw new InvalidInputError(field, 'must be an array');
  if (items.length > MAX_BULK) throw new InvalidInputError(field, `at most ${MAX_BULK} items per call`);
}

/** Checks the patches of `entries.updateMany` into updates stamped `now` (`patches[i]` names the bad one). */
export function toEntryUpdates(patches: readonly (UpdateEntryInput & { id: number })[]): EntryUpdate[] {
  assertBulk('patches', patches);
  const now = Date.now();
  return patches.map((p, i) => ({
    id: assertId(`patches[${i}].id`, (p as { id?: unknown } | null)?.id),
    set: toEntryUpdate(p, now, `patches[${i}]`),
  }));
}
