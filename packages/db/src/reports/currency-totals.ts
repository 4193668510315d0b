/**
 * Net-worth arithmetic shared by both backends' `reports`: exact sums of assets and liabilities
 * per currency, over rows their SQL has already grouped.
 */
import { addExact, exactTotal } from '../queries/exact-total.js';

/** Net worth of one currency: assets plus (negative) liabilities. Currencies are never mixed. */
export interface CurrencyTotals {
  currency: string;
  assets: number;
  liabilities: number;
  netWorth: number;
}

/** Net worth at the end of each month of the range, one series per currency. */
export interface NetWorthSeries {
  currency: string;
  points: (CurrencyTotals & { month: string })[];
}

/** Running assets and liabilities of one currency. */
export type Totals = { assets: number; liabilities: number };

/** A SQL sum of one account kind in one currency (`total` as the driver returns it). */
export interface KindTotalRow {
  currency: string;
  kind: string;
  total: unknown;
}

/** Adds `amount` to the assets or liabilities of `currency`; other kinds only register the currency. */
export function addTo(map: Map<string, Totals>, currency: string, kind: string, amount: number): void {
  const totals = map.get(currency) ?? { assets: 0, liabilities: 0 };
  if (kind === 'asset') totals.assets = addExact(totals.assets, amount);
  else if (kind === 'liability') totals.liabilities = addExact(totals.liabilities, amount);
  map.set(currency, totals);
}

/** Net worth per currency, in currency order. */
export function toCurrencyTotals(totals: Map<string, Totals>): CurrencyTotals[] {
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({ currency, ...t, netWorth: addExact(t.assets, t.liabilities) }));
}

/**
 * Net worth at the end of each of `months`, one series per currency: `opening` holds the sums
 * before the first month, `changes` the sums of each month (`month` as `YYYY-MM`).
 */
export function toNetWorthSeries(
  months: readonly string[],
  opening: readonly KindTotalRow[],
  changes: readonly (KindTotalRow & { month: string })[],
): NetWorthSeries[] {
  const running = new Map<string, Totals>();
  for (const r of opening) addTo(running, r.currency, r.kind, exactTotal(r.total));
  const byMonth = new Map<string, (KindTotalRow & { month: string })[]>();
  for (const r of changes) {
    addTo(running, r.currency, '', 0);
    byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), r]);
  }
  const series = new Map<string, NetWorthSeries>();
  for (const currency of [...running.keys()].sort()) series.set(currency, { currency, points: [] });
  for (const month of months) {
    for (const r of byMonth.get(month) ?? []) addTo(running, r.currency, r.kind, exactTotal(r.total));
    for (const [currency, t] of running) {
      series
        .get(currency)
        ?.points.push({ month, currency, ...t, netWorth: addExact(t.assets, t.liabilities) });
    }
  }
  return [...series.values()];
}
