import type { Kysely } from 'kysely';
import type { UserDatabase } from '../user-database/user-schema.js';

/** Balance of every account as of a date, from the per-day totals (bounded by days, not entries). */
export function buildBalancesQuery(db: Kysely<UserDatabase>, asOf: string) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('daily_totals as d', (join) => join.onRef('d.account_id', '=', 'a.id').on('d.date', '<=', asOf))
    .select((eb) => [
      'a.id',
      'a.name',
      'a.kind',
      'a.currency',
      'a.archived',
      eb.fn.coalesce(eb.fn.sum<number>('d.delta'), eb.lit(0)).as('balance'),
    ])
    .groupBy(['a.id', 'a.name', 'a.kind', 'a.currency', 'a.archived'])
    .orderBy('a.name');
}

/** Totals per month, category and currency of the entries between two dates. */
export function buildMonthlyQuery(db: Kysely<UserDatabase>, range: { firstDate: string; lastDate: string }) {
  return db
    .selectFrom('entries as e')
    .innerJoin('accounts as a', 'a.id', 'e.account_id')
    .select((eb) => [
      eb.fn<string>('substr', ['e.date', eb.lit(1), eb.lit(7)]).as('month'),
      'e.category',
      'a.currency',
      eb.fn.sum<number>('e.amount').as('total'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('e.date', '>=', range.firstDate)
    .where('e.date', '<=', range.lastDate)
    .groupBy(['month', 'e.category', 'a.currency'])
    .orderBy('month')
    .orderBy('a.currency')
    .orderBy('e.category');
}

/** Sum of asset and liability changes per currency and kind, before a date (the opening balance). */
export function buildNetWorthOpeningQuery(db: Kysely<UserDatabase>, before: string) {
  return db
    .selectFrom('daily_totals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .select((eb) => ['a.currency', 'a.kind', eb.fn.sum<number>('d.delta').as('total')])
    .where('a.kind', 'in', ['asset', 'liability'])
    .where('d.date', '<', before)
    .groupBy(['a.currency', 'a.kind']);
}

/** Monthly asset and liability changes per currency between two dates. */
export function buildNetWorthChangesQuery(
  db: Kysely<UserDatabase>,
  range: { firstDate: string; lastDate: string },
) {
  return db
    .selectFrom('daily_totals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .select((eb) => [
      eb.fn<string>('substr', ['d.date', eb.lit(1), eb.lit(7)]).as('month'),
      'a.currency',
      'a.kind',
      eb.fn.sum<number>('d.delta').as('total'),
    ])
    .where('a.kind', 'in', ['asset', 'liability'])
    .where('d.date', '>=', range.firstDate)
    .where('d.date', '<=', range.lastDate)
    .groupBy(['month', 'a.currency', 'a.kind']);
}
