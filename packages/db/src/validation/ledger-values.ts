import { InvalidInputError } from '../errors.js';
import type { AccountKind } from '../model.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const KINDS: ReadonlySet<string> = new Set(['asset', 'liability', 'income', 'expense', 'equity']);
let currencies: ReadonlySet<string> | undefined;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Returns `value` if it is a `YYYY-MM-DD` calendar date, else throws `InvalidInputError`. */
export function assertDate(field: string, value: unknown): string {
  if (!isIsoDate(value)) throw new InvalidInputError(field, 'must be a calendar date YYYY-MM-DD');
  return value;
}

/** Returns `value` if it is a `YYYY-MM` month, else throws `InvalidInputError`. */
export function assertMonth(field: string, value: unknown): string {
  const m = typeof value === 'string' ? MONTH.exec(value) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new InvalidInputError(field, 'must be a month YYYY-MM');
  return value as string;
}

/**
 * Largest |amount| of one entry, in minor units: 10^12 (10 billion EUR, 1 trillion JPY).
 * Sums stay exact: SQLite adds integers in 64 bits, which holds 9.2 million entries at this bound
 * (2^63 / 10^12), and a JavaScript number holds any total up to 2^53 - 1, i.e. at least 9 007
 * entries at the bound and any realistic ledger. A report whose total would still leave that
 * range throws `TotalOutOfRangeError` instead of returning an inexact number.
 */
export const MAX_AMOUNT = 1_000_000_000_000;

/** Returns `value` if it is an integer amount in minor units with |value| ≤ {@link MAX_AMOUNT}, else throws. */
export function assertAmount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > MAX_AMOUNT) {
    throw new InvalidInputError(
      field,
      `must be an integer amount in minor units from -${MAX_AMOUNT} to ${MAX_AMOUNT}`,
    );
  }
  return value;
}

/** Returns `value` if it is a positive integer id, else throws. */
export function assertId(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(field, 'must be a positive integer id');
  }
  return value;
}

/** Unicode noncharacters: reserved for internal use (search snippets mark matches with two of them). */
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/** With the `u` flag a surrogate pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** True when `value` is well-formed UTF-16 (`String.prototype.isWellFormed`, without needing ES2024 types). */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Returns a trimmed string of at most `max` characters (empty allowed unless `min` > 0). Refuses
 * ill-formed UTF-16 (lone surrogates, which would be stored as U+FFFD) and Unicode noncharacters.
 */
export function assertText(field: string, value: unknown, limits: { max: number; min?: number }): string {
  if (typeof value !== 'string') throw new InvalidInputError(field, 'must be a string');
  if (!isWellFormed(value))
    throw new InvalidInputError(field, 'must be well-formed Unicode (no lone surrogates)');
  if (NONCHARACTER.test(value)) throw new InvalidInputError(field, 'must not contain Unicode noncharacters');
  const text = value.trim();
  if (text.length < (limits.min ?? 0))
    throw new InvalidInputError(field, `must have at least ${limits.min} characters`);
  if (text.length > limits.max)
    throw new InvalidInputError(field, `must have at most ${limits.max} characters`);
  return text;
}

/** Returns `value` as an ISO 4217 currency code known to this runtime's `Intl`. */
export function assertCurrency(field: string, value: unknown): string {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!currencies.has(code)) throw new InvalidInputError(field, 'must be an ISO 4217 currency code');
  return code;
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, BHD 3). */
export function currencyExponent(currency: string): number {
  assertCurrency('currency', currency);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Returns `value` if it is an account kind. */
export function assertKind(field: string, value: unknown): AccountKind {
  if (typeof value !== 'string' || !KINDS.has(value)) {
    throw new InvalidInputError(field, 'must be one of asset, liability, income, expense, equity');
  }
  return value as AccountKind;
}

/** Normalizes tags: trimmed, lower-case, unique, 1–40 characters each, at most 20. */
export function normalizeTags(field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidInputError(field, 'must be an array of strings');
  const tags = new Set<string>();
  for (const tag of value) {
    const name = assertText(field, tag, { min: 1, max: 40 }).normalize('NFKC').toLowerCase();
    tags.add(name);
  }
  if (tags.size > 20) throw new InvalidInputError(field, 'at most 20 tags');
  return [...tags].sort();
}

/** Normalizes an optional category: trimmed, empty becomes `null`. */
export function normalizeCategory(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = assertText(field, value, { max: 80 });
  return text === '' ? null : text;
}

/** Returns `value` if it is an object (an optional options bag is `{}` when `undefined`), else throws. */
export function assertObject<T extends object>(field: string, value: T | undefined, optional = false): T {
  if (optional && value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, 'must be an object');
  }
  return value;
}
