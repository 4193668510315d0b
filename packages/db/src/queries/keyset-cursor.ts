import { InvalidInputError } from '../errors.js';
import { isIsoDate } from '../validation/ledger-values.js';

/** Position after the last row of a page in the `(date DESC, id DESC)` order. */
export interface KeysetPosition {
  date: string;
  id: number;
}

/** Opaque cursor text for a position (base64url JSON; clients must not parse it). */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.date, position.id])).toString('base64url');
}

/** Parses a cursor made by {@link encodeCursor}; `InvalidInputError` on anything else. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && isIsoDate(value[0])) {
      const id: unknown = value[1];
      if (typeof id === 'number' && Number.isSafeInteger(id)) return { date: value[0], id };
    }
  } catch (error) {
    throw new InvalidInputError('cursor', 'is not a cursor returned by list()', { cause: error });
  }
  throw new InvalidInputError('cursor', 'is not a cursor returned by list()');
}
