function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Today in the reader's time zone, `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The month `monthsBack` months before `now`'s, `YYYY-MM`. */
export function monthOf(now: Date, monthsBack = 0): string {
  const date = new Date(now.getFullYear(), now.getMonth() - monthsBack, 1);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** Every month from `from` to `to` (both `YYYY-MM`, inclusive), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const [year = 1970, month = 1] = from.split('-').map(Number);
  const months: string[] = [];
  for (let label = from; label <= to; label = monthOf(new Date(year, month - 1 + months.length, 1))) {
    months.push(label);
  }
  return months;
}
