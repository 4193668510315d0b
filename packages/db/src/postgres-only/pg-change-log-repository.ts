import type { Kysely, Transaction } from 'kysely';
import { ChangeLogPrunedError, InvalidInputError } from '../errors.js';
import { changeEvents } from '../ledger/change-events.js';
import type { ChangeListener } from '../ledger/change-notifier.js';
import type { ChangeEntry } from '../model.js';
import { CHANGE_LOG_FLOOR, type ChangeLogRepository } from '../repositories/change-log-repository.js';
import type { LedgerCipher } from './ledger-cipher.js';
import { toChangeEntry } from './pg-change-log.js';
import type { PgLedgerContext } from './pg-ledger-context.js';
import type { PgDatabase } from './pg-schema.js';

type Reader = Kysely<PgDatabase> | Transaction<PgDatabase>;

/** Log entries of the user after `after`, without the floor check (used by the notifier). */
export async function readPgChangePage(
  trx: Reader,
  cipher: LedgerCipher,
  after: number,
  limit: number,
): Promise<ChangeEntry[]> {
  const rows = await trx
    .selectFrom('change_log')
    .selectAll()
    .where('user_id', '=', cipher.userId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => toChangeEntry(row, cipher));
}

/** The user's last seq and prune floor. */
export async function readPgHead(trx: Reader, userId: string): Promise<{ seq: number; floor: number }> {
  const head = await trx
    .selectFrom('ledger_heads')
    .select(['seq', 'pruned_through'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { seq: head?.seq ?? 0, floor: head?.pruned_through ?? 0 };
}

/** The change log on PostgreSQL: same contract as SQLite; live events arrive through LISTEN. */
export function createPgChangeLogRepository(
  ctx: PgLedgerContext,
  subscribe: (listener: ChangeListener) => () => void,
): ChangeLogRepository {
  const latestSeq = async () => (await ctx.read((trx) => readPgHead(trx, ctx.userId))).seq;
  const repository: ChangeLogRepository = {
    events: (options) =>
      changeEvents(
        { readAfter: (after, limit) => repository.readAfter(after, limit), latestSeq, subscribe },
        options,
      ),
    async readAfter(after, limit = 500) {
      if (!Number.isSafeInteger(after) || after < 0)
        throw new InvalidInputError('after', 'must be a seq ≥ 0');
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new InvalidInputError('limit', 'must be an integer from 1 to 10000');
      }
      return ctx.read(async (trx) => {
        const { floor } = await readPgHead(trx, ctx.userId);
        if (after < floor) throw new ChangeLogPrunedError(floor);
        return readPgChangePage(trx, ctx.cipher, after, limit);
      });
    },
    latestSeq,
    floorSeq: async () => (await ctx.read((trx) => readPgHead(trx, ctx.userId))).floor,
    async prune(options) {
      const { maxAgeMs, maxEntries } = options ?? {};
      if (maxAgeMs !== undefined && !(Number.isFinite(maxAgeMs) && maxAgeMs >= 0)) {
        throw new InvalidInputError('maxAgeMs', 'must be a number ≥ 0');
      }
      if (maxEntries !== undefined && !(Number.isInteger(maxEntries) && maxEntries >= 0)) {
        throw new InvalidInputError('maxEntries', 'must be an integer ≥ 0');
      }
      return ctx.read(async (trx) => {
        // Lock the head: a concurrent write waits, so the newest seq cannot move under the cut.
        const head = await trx
          .selectFrom('ledger_heads')
          .select(['seq', 'pruned_through'])
          .where('user_id', '=', ctx.userId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const newest = head.seq;
        const now = Date.now();
        let cutoff = 0;
        if (maxEntries !== undefined) cutoff = Math.max(cutoff, newest - maxEntries);
        if (maxAgeMs !== undefined) {
          const old = await trx
            .selectFrom('change_log')
            .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
            .where('user_id', '=', ctx.userId)
            .where('at', '<', now - maxAgeMs)
            .executeTakeFirst();
          cutoff = Math.max(cutoff, Number(old?.seq ?? 0));
        }
        cutoff = Math.min(cutoff, newest - CHANGE_LOG_FLOOR.minEntries);
        const young = await trx
          .selectFrom('change_log')
          .select((eb) => eb.fn.min<number | null>('seq').as('seq'))
          .where('user_id', '=', ctx.userId)
          .where('at', '>=', now - CHANGE_LOG_FLOOR.minAgeMs)
          .executeTakeFirst();
        if (young?.seq != null) cutoff = Math.min(cutoff, Number(young.seq) - 1);
        const previous = head.pruned_through;
        if (cutoff <= previous) return { deleted: 0, floorSeq: previous };
        const result = await trx
          .deleteFrom('change_log')
          .where('user_id', '=', ctx.userId)
          .where('seq', '<=', cutoff)
          .executeTakeFirst();
        await trx
          .updateTable('ledger_heads')
          .set({ pruned_through: cutoff })
          .where('user_id', '=', ctx.userId)
          .execute();
        return { deleted: Number(result.numDeletedRows), floorSeq: cutoff };
      });
    },
  };
  return repository;
}
