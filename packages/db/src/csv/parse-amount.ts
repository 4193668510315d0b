/** How decimal amounts are written in a source file. */
export interface AmountFormat {
  /** Digits of the minor unit (EUR 2, JPY 0); see `currencyExponent`. */
  exponent: number;
  /** Decimal separator; the other of `.`/`,` (and spaces, apostrophes) are read as grouping. */
  decimalSeparator: '.' | ',';
}

const SHAPE = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parses a decimal amount (`-1,234.56`, `(12.00)`, `+3`, `1.234,56` with `,` decimals) into
 * integer minor units without floating point. Returns an error message instead of throwing.
 */
export function parseAmount(text: string, format: AmountFormat): number | { error: string } {
  let value = text.trim().replace(/[\s'\u00a0\u202f]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(value)) [negative, value] = [true, value.slice(1, -1)];
  if (/^[-+\u2212]/.test(value)) {
    negative = value[0] !== '+';
    value = value.slice(1);
  }
  const grouping = format.decimalSeparator === '.' ? ',' : '.';
  value = value.split(grouping).join('');
  if (format.decimalSeparator === ',') value = value.replace(',', '.');
  const match = SHAPE.exec(value);
  if (!match) return { error: `amount "${text}" is not a number` };
  const fraction = match[2] ?? '';
  if (fraction.length > format.exponent) {
    return { error: `amount "${text}" has more than ${format.exponent} decimal places` };
  }
  const minor =
    BigInt(match[1] ?? '0') * 10n ** BigInt(format.exponent) +
    BigInt(fraction.padEnd(format.exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: `amount "${text}" is too large` };
  const amount = Number(minor);
  return negative && amount !== 0 ? -amount : amount;
}
