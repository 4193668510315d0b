import type { Kysely } from 'kysely';
import { ChangeLogPrunedError, InvalidInputError } from '../errors.js';
import { type ChangeEventsOptions, changeEvents } from '../ledger/change-events.js';
import type { ChangeListener } from '../ledger/change-notifier.js';
import { coalescedReads } from '../ledger/coalesced-reads.js';
import type { LedgerContext } from '../ledger/ledger-context.js';
import type { ChangeEntry } from '../model.js';
import type { UserDatabase } from '../user-database/user-schema.js';

/**
 * What pruning never removes, whatever the options: the newest 1 000 entries and anything
 * younger than one hour, so a client that reconnects within the hour always resumes.
 */
export const CHANGE_LOG_FLOOR = { minEntries: 1_000, minAgeMs: 60 * 60 * 1000 } as const;

/** Options of `changes.prune`; each removes what exceeds it (within {@link CHANGE_LOG_FLOOR}). */
export interface PruneOptions {
  /** Remove entries older than this many milliseconds. */
  maxAgeMs?: number;
  /** Keep at most this many newest entries. */
  maxEntries?: number;
}

/** The persistent change log: the source of resumable live events. */
export interface ChangeLogRepository {
  /** Up to `limit` entries with `seq > after`, in order; `ChangeLogPrunedError` if some were pruned. */
  readAfter(after: number, limit?: number): Promise<ChangeEntry[]>;
  /** The newest `seq` (0 when empty). */
  latestSeq(): Promise<number>;
  /** The smallest `after` that `readAfter` accepts. */
  floorSeq(): Promise<number>;
  /** Removes old entries; returns how many and the new floor. */
  prune(options: PruneOptions): Promise<{ deleted: number; floorSeq: number }>;
  /**
   * The resumable change stream (the source of `live.changes`): subscribes first, replays the log
   * after `after`, then yields new changes as they commit; every `seq` once, in order. Throws
   * `ChangeLogPrunedError` when `after` is below the floor. Ends when `signal` aborts.
   *
   * ```ts
   * for await (const change of ledger.changes.events({ after: lastEventId, signal })) send(change);
   * ```
   */
  events(options?: ChangeEventsOptions): AsyncGenerator<ChangeEntry, void, undefined>;
}

/** Reads change-log rows after `after` without the floor check (used by the notifier). */
export async function readChangePage(
  db: Kysely<UserDatabase>,
  after: number,
  limit: number,
): Promise<ChangeEntry[]> {
  const rows = await db
    .selectFrom('change_log')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(
    (r) =>
      ({
        seq: r.seq,
        entity: r.entity,
        op: r.op,
        entityId: r.entity_id,
        at: r.at,
        row: r.row === null ? null : JSON.parse(r.row),
      }) as ChangeEntry,
  );
}

/** The newest seq in the log (0 when empty); pruning keeps the newest entries, so it never goes back. */
export async function latestSeq(db: Kysely<UserDatabase>): Promise<number> {
  const row = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

async function floorSeq(db: Kysely<UserDatabase>): Promise<number> {
  const row = await db
    .selectFrom('ledger_meta')
    .select('value')
    .where('key', '=', 'pruned_through')
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Builds the change-log repository over one handle's context. */
export function createChangeLogRepository(
  ctx: LedgerContext,
  subscribe: (listener: ChangeListener) => () => void,
): ChangeLogRepository {
  // The streams share their replay reads: many subscriptions resuming from one seq read it once.
  const readPage = coalescedReads(
    (after: number, limit: number) => repository.readAfter(after, limit),
    (after, limit) => `${after}:${limit}`,
  );
  const repository: ChangeLogRepository = {
    events: (options) =>
      changeEvents(
        {
          readAfter: readPage,
          latestSeq: () => latestSeq(ctx.db),
          subscribe,
        },
        options,
      ),
    async readAfter(after, limit = 500) {
      if (!Number.isSafeInteger(after) || after < 0)
        throw new InvalidInputError('after', 'must be a seq ≥ 0');
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new InvalidInputError('limit', 'must be an integer from 1 to 10000');
      }
      const floor = await floorSeq(ctx.db);
      if (after < floor) throw new ChangeLogPrunedError(floor);
      return readChangePage(ctx.db, after, limit);
    },
    latestSeq: () => latestSeq(ctx.db),
    floorSeq: () => floorSeq(ctx.db),
    async prune(options) {
      const { maxAgeMs, maxEntries } = options ?? {};
      if (maxAgeMs !== undefined && !(Number.isFinite(maxAgeMs) && maxAgeMs >= 0)) {
        throw new InvalidInputError('maxAgeMs', 'must be a number ≥ 0');
      }
      if (maxEntries !== undefined && !(Number.isInteger(maxEntries) && maxEntries >= 0)) {
        throw new InvalidInputError('maxEntries', 'must be an integer ≥ 0');
      }
      return ctx.db.transaction().execute(async (trx) => {
        const newest = await latestSeq(trx);
        const now = Date.now();
        let cutoff = 0;
        if (maxEntries !== undefined) cutoff = Math.max(cutoff, newest - maxEntries);
        if (maxAgeMs !== undefined) {
          const old = await trx
            .selectFrom('change_log')
            .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
            .where('at', '<', now - maxAgeMs)
            .executeTakeFirst();
          cutoff = Math.max(cutoff, Number(old?.seq ?? 0));
        }
        cutoff = Math.min(cutoff, newest - CHANGE_LOG_FLOOR.minEntries);
        const young = await trx
          .selectFrom('change_log')
          .select((eb) => eb.fn.min<number | null>('seq').as('seq'))
          .where('at', '>=', now - CHANGE_LOG_FLOOR.minAgeMs)
          .executeTakeFirst();
        if (young?.seq != null) cutoff = Math.min(cutoff, Number(young.seq) - 1);
        const previous = await floorSeq(trx);
        if (cutoff <= previous) return { deleted: 0, floorSeq: previous };
        const result = await trx.deleteFrom('change_log').where('seq', '<=', cutoff).executeTakeFirst();
        await trx
          .insertInto('ledger_meta')
          .values({ key: 'pruned_through', value: String(cutoff) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(cutoff) }))
          .execute();
        return { deleted: Number(result.numDeletedRows), floorSeq: cutoff };
      });
    },
  };
  return repository;
}
