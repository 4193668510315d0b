import type { Insertable, Updateable } from 'kysely';
import { InvalidInputError } from '../errors.js';
import type { CreateEntryInput, UpdateEntryInput } from '../model.js';
import type { EntriesTable } from '../user-database/user-schema.js';
import {
  assertAmount,
  assertDate,
  assertId,
  assertText,
  normalizeCategory,
  normalizeTags,
} from '../validation/ledger-values.js';

/** Validates and normalizes a new entry into a row (timestamps set to `now`). */
export function toEntryInsert(
  input: CreateEntryInput,
  now: number,
  field = 'entry',
): Insertable<EntriesTable> {
  if (typeof input !== 'object' || input === null) throw new InvalidInputError(field, 'must be an object');
  return {
    account_id: assertId(`${field}.accountId`, input.accountId),
    date: assertDate(`${field}.date`, input.date),
    amount: assertAmount(`${field}.amount`, input.amount),
    payee: input.payee === undefined ? '' : assertText(`${field}.payee`, input.payee, { max: 200 }),
    memo: input.memo === undefined ? '' : assertText(`${field}.memo`, input.memo, { max: 1000 }),
    category: normalizeCategory(`${field}.category`, input.category),
    tags: JSON.stringify(normalizeTags(`${field}.tags`, input.tags)),
    import_batch_id: null,
    import_key: null,
    created_at: now,
    updated_at: now,
  };
}

/** Validates a patch into the columns it changes (plus `updated_at`). */
export function toEntryUpdate(
  patch: UpdateEntryInput,
  now: number,
  field = 'patch',
): Updateable<EntriesTable> {
  if (typeof patch !== 'object' || patch === null) throw new InvalidInputError(field, 'must be an object');
  const set: Updateable<EntriesTable> = { updated_at: now };
  if (patch.accountId !== undefined) set.account_id = assertId(`${field}.accountId`, patch.accountId);
  if (patch.date !== undefined) set.date = assertDate(`${field}.date`, patch.date);
  if (patch.amount !== undefined) set.amount = assertAmount(`${field}.amount`, patch.amount);
  if (patch.payee !== undefined) set.payee = assertText(`${field}.payee`, patch.payee, { max: 200 });
  if (patch.memo !== undefined) set.memo = assertText(`${field}.memo`, patch.memo, { max: 1000 });
  if (patch.category !== undefined) set.category = normalizeCategory(`${field}.category`, patch.category);
  if (patch.tags !== undefined) set.tags = JSON.stringify(normalizeTags(`${field}.tags`, patch.tags));
  return set;
}

/** Order of the columns in {@link entryInsertParams} and the batch insert statement. */
export const ENTRY_INSERT_COLUMNS = [
  'account_id',
  'date',
  'amount',
  'payee',
  'memo',
  'category',
  'tags',
  'import_batch_id',
  'import_key',
  'created_at',
  'updated_at',
] as const;

/** A row as positional parameters for a batch insert. */
export function entryInsertParams(row: Insertable<EntriesTable>): unknown[] {
  return ENTRY_INSERT_COLUMNS.map((column) => row[column] ?? null);
}
