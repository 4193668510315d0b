import type { RouterOutputs } from '@coffer/client';
import Table from 'cli-table3';

type MonthlyRow = RouterOutputs['reports']['monthly'][number];

/**
 * The monthly report as a text table: one row per category, one column per month, amounts in
 * currency units; the last row is each month's net total.
 */
export function formatMonthlyReport(rows: readonly MonthlyRow[]): string {
  const months = [...new Set(rows.map((row) => row.month))].sort();
  const categories = [...new Set(rows.map((row) => row.category ?? '(none)'))].sort();
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(`${row.category ?? '(none)'}|${row.month}`, row.total);
  const table = new Table({
    head: ['category', ...months],
    // No colours: the table reads the same in a terminal, a pipe and a log.
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: ['left', ...months.map(() => 'right' as const)],
  });
  for (const category of categories) {
    table.push([category, ...months.map((month) => money(totals.get(`${category}|${month}`) ?? 0))]);
  }
  const net = months.map((month) =>
    money(rows.filter((row) => row.month === month).reduce((sum, row) => sum + row.total, 0)),
  );
  table.push(['net', ...net]);
  return table.toString();
}

function money(cents: number): string {
  return (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
