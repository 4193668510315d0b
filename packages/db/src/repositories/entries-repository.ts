import type { Kysely, Updateable } from 'kysely';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { LedgerContext } from '../ledger/ledger-context.js';
import { withLedgerErrors } from '../ledger/translate-error.js';
import type { CreateEntryInput, Entry, UpdateEntryInput } from '../model.js';
import { assertSameCurrency } from '../queries/currency-guard.js';
import { buildExportQuery, buildListQuery, type EntryFilters } from '../queries/entry-queries.js';
import { type EntrySearchHit, type EntrySearchOptions, searchEntries } from '../queries/entry-search.js';
import { decodeCursor, encodeCursor } from '../queries/keyset-cursor.js';
import { ENTRY_COLUMNS, type EntryRow, toEntry } from '../shapes/entry-shape.js';
import {
  ENTRY_INSERT_COLUMNS,
  entryInsertParams,
  toEntryInsert,
  toEntryUpdate,
} from '../shapes/entry-values.js';
import type { EntriesTable, UserDatabase } from '../user-database/user-schema.js';
import { assertBulk, toEntryUpdates } from '../validation/entry-bulk.js';
import { assertEntryFilters } from '../validation/entry-filters.js';
import { assertId, assertObject } from '../validation/ledger-values.js';

/** Options of `entries.list`. */
export interface ListEntriesOptions extends EntryFilters {
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
  /** Page size. @default 50 (max 500) */
  limit?: number;
}

/** One page of entries; pass `nextCursor` back for the next one (`null` at the end). */
export interface EntryPage {
  items: Entry[];
  nextCursor: string | null;
}

/** Entries of one user's ledger. */
export interface EntriesRepository {
  /** One entry; `NotFoundError` if missing. */
  get(id: number): Promise<Entry>;
  /** Creates one entry; `AccountUnavailableError` if the account is missing or archived. */
  create(input: CreateEntryInput): Promise<Entry>;
  /** Creates up to 10 000 entries in one transaction (one executor batch): all or none. */
  createMany(inputs: readonly CreateEntryInput[]): Promise<Entry[]>;
  /** Changes one entry; moving it to an account in another currency is `CurrencyMismatchError`. */
  update(id: number, patch: UpdateEntryInput): Promise<Entry>;
  /** Changes many entries in one transaction; a missing id (or a currency mismatch) rolls everything back. */
  updateMany(patches: readonly (UpdateEntryInput & { id: number })[]): Promise<Entry[]>;
  /** Deletes one entry; `NotFoundError` if missing. */
  delete(id: number): Promise<void>;
  /** Deletes many entries in one transaction; a missing id rolls everything back. */
  deleteMany(ids: readonly number[]): Promise<number>;
  /** Filtered list, newest first, keyset-paginated (stable while rows are inserted). */
  list(options?: ListEntriesOptions): Promise<EntryPage>;
  /** Full-text search over payee, memo and category with prefix terms, ranking and snippets. */
  search(options: EntrySearchOptions): Promise<EntrySearchHit[]>;
  /**
   * Streams every matching entry, oldest first, in chunks pulled on demand from a reader
   * (bounded memory; for exports). Stop early with `signal` or by breaking out of the loop.
   */
  stream(options?: StreamEntriesOptions): AsyncIterable<Entry[]>;
}

/** Options of `entries.stream`. */
export interface StreamEntriesOptions extends EntryFilters {
  /** Entries per chunk. @default 500 */
  chunkSize?: number;
  /** Stops the stream. */
  signal?: AbortSignal;
}

async function selectById(db: Kysely<UserDatabase>, id: number) {
  return db.selectFrom('entries').select(ENTRY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * Applies one validated patch; `NotFoundError` if the entry is missing, `CurrencyMismatchError` if
 * it would move to an account in another currency (run it in a transaction when `account_id` changes).
 */
async function updateRow(
  db: Kysely<UserDatabase>,
  { id, set }: { id: number; set: Updateable<EntriesTable> },
): Promise<Entry> {
  if (set.account_id !== undefined) await assertSameCurrency(db, id, set.account_id as number);
  const row = await db
    .updateTable('entries')
    .set(set)
    .where('id', '=', id)
    .returning(ENTRY_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('entry', id);
  return toEntry(row);
}

/** Builds the entries repository over one handle's context. */
export function createEntriesRepository(ctx: LedgerContext): EntriesRepository {
  let batchInsertSql: string | undefined;
  const insertSql = () => {
    batchInsertSql ??= `INSERT INTO entries (${ENTRY_INSERT_COLUMNS.join(', ')}) VALUES (${ENTRY_INSERT_COLUMNS.map(() => '?').join(', ')})`;
    return batchInsertSql;
  };

  const write = async <T>(work: () => Promise<T>): Promise<T> => {
    const result = await withLedgerErrors(work);
    ctx.committed();
    return result;
  };

  /**
   * Applies validated patches: a plain single patch as one statement; several, or one that moves an
   * entry (currency check + update), in one transaction (all or none).
   */
  const applyUpdates = async (sets: { id: number; set: Updateable<EntriesTable> }[]): Promise<Entry[]> => {
    if (sets.length === 0) return [];
    const [only] = sets;
    if (sets.length === 1 && only?.set.account_id === undefined) {
      return write(async () => [await updateRow(ctx.db, only!)]);
    }
    return write(() =>
      ctx.db.transaction().execute(async (trx) => {
        const updated = [];
        for (const one of sets) updated.push(await updateRow(trx, one));
        return updated;
      }),
    );
  };

  return {
    async get(id) {
      const row = await selectById(ctx.db, assertId('id', id));
      if (!row) throw new NotFoundError('entry', id);
      return toEntry(row);
    },
    async create(input) {
      const values = toEntryInsert(input, Date.now());
      return write(async () =>
        toEntry(
          await ctx.db
            .insertInto('entries')
            .values(values)
            .returning(ENTRY_COLUMNS)
            .executeTakeFirstOrThrow(),
        ),
      );
    },
    async createMany(inputs) {
      assertBulk('entries', inputs);
      if (inputs.length === 0) return [];
      const now = Date.now();
      const params = inputs.map((input, i) => entryInsertParams(toEntryInsert(input, now, `entries[${i}]`)));
      return write(async () => {
        // One message, one transaction; AUTOINCREMENT ids in a single write transaction are consecutive.
        const result = await ctx.database.batch(insertSql(), params);
        const last = Number(result.lastInsertRowid);
        const rows = await ctx.db
          .selectFrom('entries')
          .select(ENTRY_COLUMNS)
          .where('id', '>', last - inputs.length)
          .where('id', '<=', last)
          .orderBy('id')
          .execute();
        return rows.map(toEntry);
      });
    },
    async update(id, patch) {
      const checked = assertId('id', id);
      const [updated] = await applyUpdates([{ id: checked, set: toEntryUpdate(patch, Date.now()) }]);
      return updated as Entry;
    },
    async updateMany(patches) {
      const sets = toEntryUpdates(patches);
      return applyUpdates(sets);
    },
    async delete(id) {
      assertId('id', id);
      return write(async () => {
        const result = await ctx.db.deleteFrom('entries').where('id', '=', id).executeTakeFirst();
        if (result.numDeletedRows === 0n) throw new NotFoundError('entry', id);
      });
    },
    async deleteMany(ids) {
      assertBulk('ids', ids);
      const checked = [...new Set(ids.map((id, i) => assertId(`ids[${i}]`, id)))];
      if (checked.length === 0) return 0;
      return write(() =>
        ctx.db.transaction().execute(async (trx) => {
          for (const id of checked) {
            const result = await trx.deleteFrom('entries').where('id', '=', id).executeTakeFirst();
            if (result.numDeletedRows === 0n) throw new NotFoundError('entry', id);
          }
          return checked.length;
        }),
      );
    },
    async list(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      const limit = options.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new InvalidInputError('limit', 'must be an integer from 1 to 500');
      }
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      const rows = await buildListQuery(ctx.db, assertEntryFilters(options), {
        after,
        limit: limit + 1,
      }).execute();
      const items = rows.slice(0, limit).map(toEntry);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
    async search(options) {
      return searchEntries(ctx, options);
    },
    async *stream(rawOptions) {
      const options = assertObject('options', rawOptions, true);
      const chunkSize = options.chunkSize ?? 500;
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) {
        throw new InvalidInputError('chunkSize', 'must be an integer from 1 to 10000');
      }
      const { sql, parameters } = buildExportQuery(ctx.db, assertEntryFilters(options)).compile();
      const streamOptions = options.signal ? { chunkSize, signal: options.signal } : { chunkSize };
      for await (const rows of ctx.database.stream<EntryRow>(sql, parameters, streamOptions)) {
        yield rows.map(toEntry);
      }
    },
  };
}
