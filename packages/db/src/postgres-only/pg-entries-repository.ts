import type { Transaction, Updateable } from 'kysely';
import { CurrencyMismatchError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Entry } from '../model.js';
import { decodeCursor, encodeCursor } from '../queries/keyset-cursor.js';
import type { EntriesRepository } from '../repositories/entries-repository.js';
import { toEntryInsert, toEntryUpdate } from '../shapes/entry-values.js';
import type { EntriesTable } from '../user-database/user-schema.js';
import { assertBulk, toEntryUpdates } from '../validation/entry-bulk.js';
import { assertEntryFilters } from '../validation/entry-filters.js';
import { assertId, assertObject } from '../validation/ledger-values.js';
import type { LedgerCipher } from './ledger-cipher.js';
import type { ChangeRecorder } from './pg-change-log.js';
import { ENTRY_READ_COLUMNS, encryptEntryText, toEntry, toPgEntryInsert } from './pg-entity-rows.js';
import { filteredEntries } from './pg-entry-queries.js';
import { searchPgEntries } from './pg-entry-search.js';
import { assertAccountsOpen, insertEntries } from './pg-entry-writes.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import type { PgDatabase } from './pg-schema.js';

/** Applies one validated patch (the plain columns of `toEntryUpdate`) to an encrypted row. */
async function updateOne(
  trx: Transaction<PgDatabase>,
  cipher: LedgerCipher,
  changes: ChangeRecorder,
  { id, set }: { id: number; set: Updateable<EntriesTable> },
): Promise<Entry> {
  const current = await trx
    .selectFrom('entries')
    .innerJoin('accounts', 'accounts.id', 'entries.account_id')
    .select(ENTRY_READ_COLUMNS.map((column) => `entries.${column}` as const))
    .select('accounts.currency')
    .where('entries.user_id', '=', cipher.userId)
    .where('entries.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw new NotFoundError('entry', id);
  const before = toEntry(current, cipher);
  if (set.account_id !== undefined && set.account_id !== before.accountId) {
    const target = set.account_id as number;
    await assertAccountsOpen(trx, cipher.userId, [target]);
    const to = await trx
      .selectFrom('accounts')
      .select('currency')
      .where('user_id', '=', cipher.userId)
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    if (to.currency !== current.currency) throw new CurrencyMismatchError(current.currency, to.currency);
  }
  const text = {
    payee: (set.payee as string | undefined) ?? before.payee,
    memo: (set.memo as string | undefined) ?? before.memo,
    category: set.category === undefined ? before.category : (set.category as string | null),
    tags: (set.tags as string | undefined) ?? JSON.stringify(before.tags),
  };
  const row = await trx
    .updateTable('entries')
    .set({
      ...(set.account_id === undefined ? {} : { account_id: set.account_id as number }),
      ...(set.date === undefined ? {} : { date: set.date as string }),
      ...(set.amount === undefined ? {} : { amount: set.amount as number }),
      ...encryptEntryText(text, cipher),
      updated_at: set.updated_at as number,
    })
    .where('user_id', '=', cipher.userId)
    .where('id', '=', id)
    .returning(ENTRY_READ_COLUMNS)
    .executeTakeFirstOrThrow();
  const entry = toEntry(row, cipher);
  changes.record({ entity: 'entry', op: 'update', entityId: id, row: entry });
  return entry;
}

/** Entries of one user on PostgreSQL: the SQLite contract over encrypted rows. */
export function createPgEntriesRepository(ctx: PgLedgerContext): EntriesRepository {
  const create = (inputs: readonly Parameters<typeof toEntryInsert>[0][], field?: (i: number) => string) => {
    const now = Date.now();
    const plain = inputs.map((input, i) => toEntryInsert(input, now, field?.(i)));
    return ctx.write(async (trx, changes) => {
      await assertAccountsOpen(
        trx,
        ctx.userId,
        plain.map((row) => row.account_id),
      );
      const { cipher } = ctx;
      const entries = await insertEntries(
        trx,
        cipher,
        plain.map((row) => toPgEntryInsert(row, cipher)),
      );
      for (const entry of entries)
        changes.record({ entity: 'entry', op: 'insert', entityId: entry.id, row: entry });
      return entries;
    });
  };

  const update = (sets: { id: number; set: Updateable<EntriesTable> }[]) =>
    ctx.write(async (trx, changes) => {
      const updated: Entry[] = [];
      for (const one of sets) updated.push(await updateOne(trx, ctx.cipher, changes, one));
      return updated;
    });

  const remove = (ids: readonly number[]) =>
    ctx.write(async (trx, changes) => {
      for (const id of ids) {
        const row = await trx
          .deleteFrom('entries')
          .where('user_id', '=', ctx.userId)
          .where('id', '=', id)
          .returning(ENTRY_READ_COLUMNS)
          .executeTakeFirst();
        if (!row) throw new NotFoundError('entry', id);
        changes.record({ entity: 'entry', op: 'delete', entityId: id, row: toEntry(row, ctx.cipher) });
      }
      return ids.length;
    });

  return {
    async get(id) {
      assertId('id', id);
      const row = await ctx.readOne((trx) =>
        trx
          .selectFrom('entries')
          .select(ENTRY_READ_COLUMNS)
          .where('user_id', '=', ctx.userId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError('entry', id);
      return toEntry(row, ctx.cipher);
    },
    async create(input) {
      const [entry] = await create([input]);
      return entry as Entry;
    },
    async createMany(inputs) {
      assertBulk('entries', inputs);
      if (inputs.length === 0) return [];
      return create(inputs, (i) => `entries[${i}]`);
    },
    async update(id, patch) {
      const checked = assertId('id', id);
      const [updated] = await update([{ id: checked, set: toEntryUpdate(patch, Date.now()) }]);
      return updated as Entry;
    },
    async updateMany(patches) {
      const sets = toEntryUpdates(patches);
      return sets.length === 0 ? [] : update(sets);
    },
    async delete(id) {
      await remove([assertId('id', id)]);
    },
    async deleteMany(ids) {
      assertBulk('ids', ids);
      const checked = [...new Set(ids.map((id, i) => assertId(`ids[${i}]`, id)))];
      return checked.length === 0 ? 0 : remove(checked);
    },
    async list(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      const limit = options.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new InvalidInputError('limit', 'must be an integer from 1 to 500');
      }
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      const filters = assertEntryFilters(options);
      const rows = await ctx.readOne((trx) => {
        let query = filteredEntries(trx, ctx.cipher, filters);
        if (after)
          query = query.where((eb) => eb(eb.refTuple('date', 'id'), '<', eb.tuple(after.date, after.id)));
        return query
          .orderBy('date', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .execute();
      });
      const items = rows.slice(0, limit).map((row) => toEntry(row, ctx.cipher));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
    search: (options) => searchPgEntries(ctx, options),
    async *stream(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      const chunkSize = options.chunkSize ?? 500;
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) {
        throw new InvalidInputError('chunkSize', 'must be an integer from 1 to 10000');
      }
      const filters = assertEntryFilters(options);
      let after: { date: string; id: number } | null = null;
      for (;;) {
        options.signal?.throwIfAborted();
        const position = after;
        const rows = await ctx.readOne((trx) => {
          let query = filteredEntries(trx, ctx.cipher, filters);
          if (position) {
            query = query.where((eb) =>
              eb(eb.refTuple('date', 'id'), '>', eb.tuple(position.date, position.id)),
            );
          }
          return query.orderBy('date').orderBy('id').limit(chunkSize).execute();
        });
        if (rows.length === 0) return;
        const entries = rows.map((row) => toEntry(row, ctx.cipher));
        const last = entries[entries.length - 1] as Entry;
        after = { date: last.date, id: last.id };
        yield entries;
        if (rows.length < chunkSize) return;
      }
    },
  };
}
