import { MAX_AMOUNT } from '../validation/ledger-values.js';

/** How decimal amounts are written in a source file. */
export interface AmountFormat {
  /** Digits of the minor unit (EUR 2, JPY 0); see `currencyExponent`. */
  exponent: number;
  /**
   * Decimal separator. Grouping separators are the other of `.`/`,`, the apostrophes `'` and `’`,
   * and spaces (incl. no-break spaces); one kind per amount, in groups of three digits.
   */
  decimalSeparator: '.' | ',';
}

const SPACES = ' \u00a0\u202f';
/** Integer part (plain, or grouped in threes with one separator kind), then an optional fraction. */
const SHAPES = {
  '.': shape(`,'\u2019${SPACES}`, '.'),
  ',': shape(`.'\u2019${SPACES}`, ','),
} as const;

function shape(grouping: string, decimal: string): RegExp {
  const g = `[${escapeClass(grouping)}]`;
  return new RegExp(`^(\\d{1,3}(?:(${g})\\d{3}(?:\\2\\d{3})*)|\\d+)(?:${escapeClass(decimal)}(\\d+))?$`);
}

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^\-.]/g, '\\$&');
}

/**
 * Parses a decimal amount into integer minor units without floating point, refusing anything it
 * cannot read unambiguously. Accepted: one sign form (`-1`, `+1`, `−1` (U+2212), `1-`, `(1)`),
 * grouping separators only between groups of three digits left of the decimal separator
 * (`1,234.56`, `1.234,56`, `1'234.56`, `1 234,56`), at most `exponent` decimals, and
 * |amount| ≤ `MAX_AMOUNT`. `"1,00"` with `.` decimals, `"1.5"` with `,` decimals and `"(+5)"`
 * are refused. Returns `{ error }` (the reason) instead of throwing.
 */
export function parseAmount(text: string, format: AmountFormat): number | { error: string } {
  if (typeof text !== 'string') return { error: 'amount must be text' };
  const shapeOf = SHAPES[format?.decimalSeparator];
  if (!shapeOf || !Number.isInteger(format.exponent) || format.exponent < 0 || format.exponent > 4) {
    return { error: 'amount format must have decimalSeparator "." or "," and an exponent from 0 to 4' };
  }
  const signed = splitSign(text.trim());
  if ('error' in signed) return { error: `amount "${text}" ${signed.error}` };
  const match = shapeOf.exec(signed.body);
  if (!match) {
    const readable = /^[\d.,'\u2019 \u00a0\u202f]+$/.test(signed.body);
    return {
      error: readable
        ? `amount "${text}" is ambiguous: grouping separators must split the digits left of the decimal separator "${format.decimalSeparator}" into groups of three`
        : `amount "${text}" is not a number`,
    };
  }
  const fraction = match[3] ?? '';
  if (fraction.length > format.exponent) {
    return { error: `amount "${text}" has more than ${format.exponent} decimal places` };
  }
  const integer = (match[1] ?? '0').replace(/\D/g, '');
  const minor =
    BigInt(integer) * 10n ** BigInt(format.exponent) + BigInt(fraction.padEnd(format.exponent, '0') || '0');
  if (minor > BigInt(MAX_AMOUNT))
    return { error: `amount "${text}" is too large (max ${MAX_AMOUNT} minor units)` };
  const amount = Number(minor);
  return signed.negative && amount !== 0 ? -amount : amount;
}

/** Strips the one sign an amount may carry; two sign forms (`(+5)`, `--5`, `-5-`) are an error. */
function splitSign(text: string): { negative: boolean; body: string } | { error: string } {
  let body = text;
  let negative = false;
  let signs = 0;
  if (body.startsWith('(') && body.endsWith(')')) {
    [negative, body, signs] = [true, body.slice(1, -1), signs + 1];
  }
  if (/^[-+\u2212]/.test(body)) {
    [negative, body, signs] = [body[0] !== '+', body.slice(1), signs + 1];
  }
  if (body.endsWith('-')) [negative, body, signs] = [true, body.slice(0, -1), signs + 1];
  // A second sign left over after stripping one (`--5`, `+-5`, `(5)-`) is just as ambiguous.
  if (signs > 1 || /^[-+\u2212(]|[-)]$/.test(body)) return { error: 'has more than one sign' };
  if (body === '') return { error: 'is empty' };
  return { negative, body };
}
