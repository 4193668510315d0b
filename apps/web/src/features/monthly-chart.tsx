import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { monthOf, monthsBetween } from '../lib/dates.ts';
import { explainError } from '../lib/explain-error.ts';
import { currencyDigits, formatMoney } from '../lib/money.ts';
import { useTRPC } from '../trpc.ts';
import type { AccountBalance } from './use-balances.ts';

const MONTHS = 12;

interface MonthPoint {
  month: string;
  income: number;
  spending: number;
}

/** Props of {@link MonthlyChart}. */
export interface MonthlyChartProps {
  readonly accounts: readonly AccountBalance[];
}

/**
 * Money in and out per month over the last year (`reports.monthly`), in the first account's
 * currency: each month's categories with a positive total count as income, the others as spending.
 */
export function MonthlyChart({ accounts }: MonthlyChartProps) {
  const trpc = useTRPC();
  const now = new Date();
  const range = { from: monthOf(now, MONTHS - 1), to: monthOf(now) };
  const monthly = useQuery(trpc.reports.monthly.queryOptions(range));
  const currency = accounts[0]?.currency ?? 'EUR';
  const unit = 10 ** currencyDigits(currency);

  const points: MonthPoint[] = monthsBetween(range.from, range.to).map((month) => ({
    month,
    income: 0,
    spending: 0,
  }));
  const byMonth = new Map(points.map((point) => [point.month, point]));
  for (const row of monthly.data ?? []) {
    const point = byMonth.get(row.month);
    if (point === undefined || row.currency !== currency) continue;
    if (row.total >= 0) point.income += row.total / unit;
    else point.spending -= row.total / unit;
  }
  const money = (value: number) => formatMoney(Math.round(value * unit), currency);

  return (
    <section className="card" aria-labelledby="chart-title">
      <h2 id="chart-title">
        Monthly in and out <span className="muted">({currency})</span>
      </h2>
      {monthly.error && <p className="error">{explainError(monthly.error)}</p>}
      <div className="chart" data-testid="monthly-chart">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tickFormatter={(month: string) => month.slice(2)} fontSize={12} />
            <YAxis tickFormatter={(value: number) => compact(value)} fontSize={12} width={56} />
            <Tooltip formatter={(value) => money(Number(value))} />
            <Legend />
            <Bar dataKey="income" name="In" fill="#2f8f6f" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Bar
              dataKey="spending"
              name="Out"
              fill="#d0694f"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

function compact(value: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
