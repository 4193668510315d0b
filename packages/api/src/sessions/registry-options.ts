/** Checks a duration option that must be above zero; throws a `TypeError` naming `options.<name>`. */
export function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`options.${name} must be a positive number`);
  return value;
}

/** Checks a duration option that may be zero; throws a `TypeError` naming `options.<name>`. */
export function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`options.${name} must be a number >= 0`);
  return value;
}
