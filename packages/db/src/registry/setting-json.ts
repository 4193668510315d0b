import { InvalidInputError } from '../errors.js';
import { isWellFormed } from '../validation/ledger-values.js';

/** JSON-serializable setting value. */
export type SettingValue =
  | string
  | number
  | boolean
  | null
  | SettingValue[]
  | { [key: string]: SettingValue };

/** Longest setting key, and deepest nesting of a setting value. */
export const SETTING_LIMITS = { keyLength: 200, depth: 32 } as const;

/** Checks a setting key: a well-formed string of 1 to 200 characters. */
export function assertSettingKey(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > SETTING_LIMITS.keyLength || !isWellFormed(key)) {
    throw new InvalidInputError(
      'key',
      `must be a well-formed string of 1 to ${SETTING_LIMITS.keyLength} characters`,
    );
  }
  return key;
}

/**
 * Serializes a setting value, refusing what JSON would drop, mangle or choke on: `undefined`,
 * functions, symbols, BigInt, non-finite numbers, ill-formed strings, class instances, cycles and
 * nesting deeper than 32 (`InvalidInputError` naming the path, e.g. `value.a[2]`).
 */
export function toSettingJson(value: unknown): string {
  check(value, 'value', new Set(), 0);
  return JSON.stringify(value);
}

function check(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  depth: number,
): asserts value is SettingValue {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (!isWellFormed(value)) throw new InvalidInputError(path, 'must be well-formed Unicode');
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidInputError(path, 'must be a finite number');
    return;
  }
  if (typeof value !== 'object') throw new InvalidInputError(path, `a ${typeof value} is not a JSON value`);
  if (depth >= SETTING_LIMITS.depth)
    throw new InvalidInputError(path, `nests deeper than ${SETTING_LIMITS.depth}`);
  if (ancestors.has(value)) throw new InvalidInputError(path, 'is circular');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) check(item, `${path}[${i}]`, ancestors, depth + 1);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new InvalidInputError(path, 'must be a plain object');
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`, ancestors, depth + 1);
  }
  ancestors.delete(value);
}
