import { sql } from 'kysely';
import type { AccountKind } from '../model.js';
import { exactTotal } from '../queries/exact-total.js';
import { monthRange } from '../queries/month-range.js';
import { addTo, type Totals, toCurrencyTotals, toNetWorthSeries } from '../reports/currency-totals.js';
import type { ReportsRepository } from '../repositories/reports-repository.js';
import { assertDate } from '../validation/ledger-values.js';
import { COLUMN } from './pg-entity-rows.js';
import type { PgLedgerContext } from './pg-ledger-context.js';

/** Plain-string order of nullable labels (`null` first, like SQL `ORDER BY` on SQLite). */
function compareLabels(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/**
 * Reports on PostgreSQL: sums over clear amounts and dates in SQL (`numeric`, so they never
 * overflow; `exactTotal` refuses what a JavaScript number cannot hold); categories are grouped by
 * their blind value and their labels decrypted afterwards.
 */
export function createPgReportsRepository(ctx: PgLedgerContext): ReportsRepository {
  return {
    async balances(options) {
      const asOf = assertDate('asOf', options?.asOf);
      const rows = await ctx.read((trx) =>
        trx
          .selectFrom('accounts as a')
          .leftJoin('entries as e', (join) =>
            join.onRef('e.account_id', '=', 'a.id').on('e.user_id', '=', ctx.userId).on('e.date', '<=', asOf),
          )
          .select((eb) => [
            'a.id',
            'a.name_enc',
            'a.kind',
            'a.currency',
            'a.archived',
            eb.fn.coalesce(eb.fn.sum<string>('e.amount'), sql<string>`0`).as('balance'),
          ])
          .where('a.user_id', '=', ctx.userId)
          .groupBy(['a.id'])
          .execute(),
      );
      const { cipher } = ctx;
      const all = rows
        .map((r) => ({
          accountId: r.id,
          name: cipher.decrypt(COLUMN.accountName, r.name_enc),
          kind: r.kind as AccountKind,
          currency: r.currency,
          archived: r.archived !== 0,
          balance: exactTotal(r.balance),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const totals = new Map<string, Totals>();
      for (const r of all) addTo(totals, r.currency, r.kind, r.balance);
      const byCurrency = toCurrencyTotals(totals);
      return { asOf, accounts: all.filter((a) => options.includeArchived || !a.archived), byCurrency };
    },
    async monthly(options) {
      const range = monthRange(options?.from, options?.to);
      const rows = await ctx.read((trx) =>
        trx
          .selectFrom('entries as e')
          .innerJoin('accounts as a', 'a.id', 'e.account_id')
          .select((eb) => [
            sql<string>`substr(e.date, 1, 7)`.as('month'),
            // Any one ciphertext of the group: they all decrypt to the same label (min(bytea) needs PG 17).
            sql<Buffer | null>`(array_agg(e.category_enc))[1]`.as('category_enc'),
            'a.currency',
            eb.fn.sum<string>('e.amount').as('total'),
            eb.fn.countAll<string>().as('count'),
          ])
          .where('e.user_id', '=', ctx.userId)
          .where('e.date', '>=', range.firstDate)
          .where('e.date', '<=', range.lastDate)
          .groupBy([sql`substr(e.date, 1, 7)`, 'e.category_blind', 'a.currency'])
          .execute(),
      );
      const { cipher } = ctx;
      return rows
        .map((r) => ({
          month: r.month,
          category: cipher.decryptNullable(COLUMN.category, r.category_enc),
          currency: r.currency,
          total: exactTotal(r.total),
          count: Number(r.count),
        }))
        .sort(
          (a, b) =>
            a.month.localeCompare(b.month) ||
            a.currency.localeCompare(b.currency) ||
            compareLabels(a.category, b.category),
        );
    },
    async netWorth(options) {
      const range = monthRange(options?.from, options?.to);
      const [opening, changes] = await ctx.read(async (trx) => {
        const base = () =>
          trx
            .selectFrom('entries as e')
            .innerJoin('accounts as a', 'a.id', 'e.account_id')
            .where('e.user_id', '=', ctx.userId)
            .where('a.kind', 'in', ['asset', 'liability']);
        return Promise.all([
          base()
            .select((eb) => ['a.currency', 'a.kind', eb.fn.sum<string>('e.amount').as('total')])
            .where('e.date', '<', range.firstDate)
            .groupBy(['a.currency', 'a.kind'])
            .execute(),
          base()
            .select((eb) => [
              sql<string>`substr(e.date, 1, 7)`.as('month'),
              'a.currency',
              'a.kind',
              eb.fn.sum<string>('e.amount').as('total'),
            ])
            .where('e.date', '>=', range.firstDate)
            .where('e.date', '<=', range.lastDate)
            .groupBy([sql`substr(e.date, 1, 7)`, 'a.currency', 'a.kind'])
            .execute(),
        ]);
      });
      return toNetWorthSeries(range.months, opening, changes);
    },
  };
}
