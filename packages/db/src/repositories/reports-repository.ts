import type { LedgerContext } from '../ledger/ledger-context.js';
import type { AccountKind } from '../model.js';
import { exactTotal, withExactTotals } from '../queries/exact-total.js';
import { monthRange } from '../queries/month-range.js';
import {
  buildBalancesQuery,
  buildMonthlyQuery,
  buildNetWorthChangesQuery,
  buildNetWorthOpeningQuery,
} from '../queries/report-queries.js';
import {
  addTo,
  type CurrencyTotals,
  type NetWorthSeries,
  type Totals,
  toCurrencyTotals,
  toNetWorthSeries,
} from '../reports/currency-totals.js';
import { assertDate } from '../validation/ledger-values.js';

/** Balance of one account as of a date (integer minor units of `currency`). */
export interface AccountBalance {
  accountId: number;
  name: string;
  kind: AccountKind;
  currency: string;
  archived: boolean;
  balance: number;
}

/** Result of `reports.balances`. */
export interface BalancesReport {
  asOf: string;
  accounts: AccountBalance[];
  byCurrency: CurrencyTotals[];
}

/** One row of `reports.monthly`. `category` is `null` for uncategorised entries. */
export interface MonthlyCategoryTotal {
  month: string;
  category: string | null;
  currency: string;
  total: number;
  count: number;
}

/**
 * Read-only reports; sums are computed in SQL over integers and grouped by currency. Every number
 * is an exact integer: a total beyond 2^53 - 1 throws `TotalOutOfRangeError` (see `MAX_AMOUNT`).
 */
export interface ReportsRepository {
  /** Every account's balance at the end of `asOf` (`YYYY-MM-DD`), plus net worth per currency. */
  balances(options: { asOf: string; includeArchived?: boolean }): Promise<BalancesReport>;
  /** Totals per month and category (and currency) for months `from`..`to` (`YYYY-MM`, inclusive). */
  monthly(options: { from: string; to: string }): Promise<MonthlyCategoryTotal[]>;
  /** Net worth (assets + liabilities) at each month end of `from`..`to`, per currency. */
  netWorth(options: { from: string; to: string }): Promise<NetWorthSeries[]>;
}

/** Builds the reports repository over one handle's context. */
export function createReportsRepository(ctx: LedgerContext): ReportsRepository {
  return {
    async balances(options) {
      const asOf = assertDate('asOf', options?.asOf);
      const rows = await withExactTotals(() => buildBalancesQuery(ctx.db, asOf).execute());
      const accounts = rows
        .filter((r) => options.includeArchived || r.archived === 0)
        .map((r) => ({
          accountId: r.id,
          name: r.name,
          kind: r.kind,
          currency: r.currency,
          archived: r.archived !== 0,
          balance: exactTotal(r.balance),
        }));
      const totals = new Map<string, Totals>();
      // Net worth counts archived accounts too: archiving hides an account, it does not erase money.
      for (const r of rows) addTo(totals, r.currency, r.kind, exactTotal(r.balance));
      const byCurrency = toCurrencyTotals(totals);
      return { asOf, accounts, byCurrency };
    },
    async monthly(options) {
      const range = monthRange(options?.from, options?.to);
      const rows = await withExactTotals(() => buildMonthlyQuery(ctx.db, range).execute());
      return rows.map((r) => ({
        month: r.month,
        category: r.category,
        currency: r.currency,
        total: exactTotal(r.total),
        count: Number(r.count),
      }));
    },
    async netWorth(options) {
      const range = monthRange(options?.from, options?.to);
      const [opening, changes] = await withExactTotals(() =>
        Promise.all([
          buildNetWorthOpeningQuery(ctx.db, range.firstDate).execute(),
          buildNetWorthChangesQuery(ctx.db, range).execute(),
        ]),
      );
      return toNetWorthSeries(range.months, opening, changes);
    },
  };
}
