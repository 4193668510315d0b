import { SqliteError } from '@coffer/sqlite-worker';
import { TotalOutOfRangeError } from '../errors.js';

/**
 * A SQL sum as an exact JavaScript integer. SQLite adds integers in 64 bits, but a number above
 * 2^53 - 1 arrives rounded (and an overflowing trigger sum turns into a float): such a total is
 * refused with `TotalOutOfRangeError` rather than returned inexact. `null` (no rows) is 0.
 */
export function exactTotal(value: unknown): number {
  const total = value === null || value === undefined ? 0 : Number(value);
  if (!Number.isSafeInteger(total)) throw new TotalOutOfRangeError();
  return total;
}

/** Adds two exact totals, refusing a result that would no longer be exact. */
export function addExact(a: number, b: number): number {
  return exactTotal(a + b);
}

/** Runs a report query, turning SQLite's "integer overflow" (a SUM beyond 64 bits) into `TotalOutOfRangeError`. */
export async function withExactTotals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SqliteError && /integer overflow/i.test(error.message)) {
      throw new TotalOutOfRangeError({ cause: error });
    }
    throw error;
  }
}
