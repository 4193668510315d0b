import type { LedgerContext } from '../ledger/ledger-context.js';
import type { AccountKind } from '../model.js';
import { addExact, exactTotal, withExactTotals } from '../queries/exact-total.js';
import { monthRange } from '../queries/month-range.js';
import {
  buildBalancesQuery,
  buildMonthlyQuery,
  buildNetWorthChangesQuery,
  buildNetWorthOpeningQuery,
} from '../queries/report-queries.js';
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

/** Net worth of one currency: assets plus (negative) liabilities. Currencies are never mixed. */
export interface CurrencyTotals {
  currency: string;
  assets: number;
  liabilities: number;
  netWorth: number;
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

/** Net worth at the end of each month of the range, one series per currency. */
export interface NetWorthSeries {
  currency: string;
  points: (CurrencyTotals & { month: string })[];
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

type Totals = { assets: number; liabilities: number };

function addTo(map: Map<string, Totals>, currency: string, kind: string, amount: number): void {
  const totals = map.get(currency) ?? { assets: 0, liabilities: 0 };
  if (kind === 'asset') totals.assets = addExact(totals.assets, amount);
  else if (kind === 'liability') totals.liabilities = addExact(totals.liabilities, amount);
  map.set(currency, totals);
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
      const byCurrency = [...totals]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, t]) => ({ currency, ...t, netWorth: addExact(t.assets, t.liabilities) }));
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
      const running = new Map<string, Totals>();
      for (const r of opening) addTo(running, r.currency, r.kind, exactTotal(r.total));
      const byMonth = new Map<string, typeof changes>();
      for (const r of changes) {
        addTo(running, r.currency, '', 0);
        byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), r]);
      }
      const series = new Map<string, NetWorthSeries>();
      for (const currency of [...running.keys()].sort()) series.set(currency, { currency, points: [] });
      for (const month of range.months) {
        for (const r of byMonth.get(month) ?? []) addTo(running, r.currency, r.kind, exactTotal(r.total));
        for (const [currency, t] of running) {
          series
            .get(currency)
            ?.points.push({ month, currency, ...t, netWorth: addExact(t.assets, t.liabilities) });
        }
      }
      return [...series.values()];
    },
  };
}
