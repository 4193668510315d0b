import type { Kysely, Migration } from 'kysely';

/**
 * Monthly reports read (account, date, category, amount) only: a covering index makes them index-only.
 * Frozen: never edit a released migration; change the schema in a new one.
 */
export const reportCoveringIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('entries_account_report')
      .on('entries')
      .columns(['account_id', 'date', 'category', 'amount'])
      .execute();
  },
};
