import { InvalidInputError } from '../errors.js';
import { assertMonth } from '../validation/ledger-values.js';

/** An inclusive range of months and the date bounds that select its entries. */
export interface MonthRange {
  months: string[];
  firstDate: string;
  lastDate: string;
}

/** Validates `from`..`to` (`YYYY-MM`, at most 600 months) and lists its months. */
export function monthRange(from: unknown, to: unknown): MonthRange {
  const first = assertMonth('from', from);
  const last = assertMonth('to', to);
  if (first > last) throw new InvalidInputError('to', 'must not be before from');
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let current = first; current <= last; ) {
    months.push(current);
    if (months.length > 600) throw new InvalidInputError('to', 'range is limited to 600 months');
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  // Lexical bounds: every date of the last month sorts before `YYYY-MM-32`.
  return { months, firstDate: `${first}-01`, lastDate: `${last}-31` };
}
