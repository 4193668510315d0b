/** Minor-unit digits of an ISO 4217 currency (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Integer minor units as money in the reader's locale: `formatMoney(-1250, 'EUR')` → `-€12.50`. */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    minor / 10 ** currencyDigits(currency),
  );
}

/**
 * Typed money (`-12.5`, `3,20`, `+7`) as integer minor units of `currency`; null when it is not a
 * number or has more decimals than the currency has.
 */
export function parseMoney(text: string, currency: string): number | null {
  const match = /^\s*([+-]?)(\d{1,15})(?:[.,](\d+))?\s*$/.exec(text);
  if (match === null) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = currencyDigits(currency);
  if (fraction.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' ? -minor : minor;
}
