/** Date layouts accepted in source files. */
export type DateFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY';

const LAYOUTS: Record<DateFormat, { pattern: RegExp; order: [number, number, number] }> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: [1, 2, 3] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: [3, 2, 1] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 2, 1] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 1, 2] },
};

/** Rewrites a date in `format` as `YYYY-MM-DD` (calendar validity is checked by the import). */
export function toIsoDate(text: string, format: DateFormat): string | { error: string } {
  const layout = LAYOUTS[format];
  const match = layout.pattern.exec(text.trim());
  if (!match) return { error: `date "${text}" does not match ${format}` };
  const [y, m, d] = layout.order.map((i) => match[i] ?? '');
  return `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}
