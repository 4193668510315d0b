import type { Kysely } from 'kysely';
import { CurrencyMismatchError } from '../errors.js';
import type { UserDatabase } from '../user-database/user-schema.js';

/**
 * Refuses to move entry `entryId` to account `accountId` when the two accounts' currencies differ:
 * an amount is minor units of its account's currency, so moving 450 cents to a JPY account would
 * silently make it 450 yen. A missing entry or account is left to the update itself to report.
 */
export async function assertSameCurrency(
  db: Kysely<UserDatabase>,
  entryId: number,
  accountId: number,
): Promise<void> {
  const row = await db
    .selectFrom('entries as e')
    .innerJoin('accounts as from', 'from.id', 'e.account_id')
    .innerJoin('accounts as to', (join) => join.on('to.id', '=', accountId))
    .select(['from.currency as fromCurrency', 'to.currency as toCurrency'])
    .where('e.id', '=', entryId)
    .executeTakeFirst();
  if (row && row.fromCurrency !== row.toCurrency) {
    throw new CurrencyMismatchError(row.fromCurrency, row.toCurrency);
  }
}
