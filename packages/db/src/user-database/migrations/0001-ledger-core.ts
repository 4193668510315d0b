import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Accounts, import batches and entries with their list/report indexes.
 * Frozen: these builder calls are what the migration ran when it was released. Never edit them;
 * change the schema in a new migration (see `user-migrations.ts`).
 */
export const ledgerCore: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind IN ('asset', 'liability', 'income', 'expense', 'equity')`),
      )
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`length(currency) = 3`))
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('import_batches')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
      .addColumn('source_name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('invalid', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('content_hash', 'text')
      .addColumn('started_at', 'integer', (c) => c.notNull())
      .addColumn('finished_at', 'integer')
      .execute();
    await db.schema.createIndex('import_batches_hash').on('import_batches').column('content_hash').execute();
    await db.schema
      .createTable('entries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
      .addColumn('date', 'text', (c) =>
        c.notNull().check(sql`date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
      )
      .addColumn('amount', 'integer', (c) => c.notNull().check(sql`typeof(amount) = 'integer'`))
      .addColumn('payee', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('memo', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('category', 'text')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('import_batch_id', 'integer', (c) => c.references('import_batches.id'))
      .addColumn('import_key', 'text')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .execute();
    // One index per list/report access path; `id` rides along as the keyset tie-breaker.
    await db.schema.createIndex('entries_date').on('entries').columns(['date', 'id']).execute();
    await db.schema
      .createIndex('entries_account_date')
      .on('entries')
      .columns(['account_id', 'date', 'id'])
      .execute();
    await db.schema
      .createIndex('entries_category_date')
      .on('entries')
      .columns(['category', 'date', 'id'])
      .execute();
    await db.schema
      .createIndex('entries_import_key')
      .on('entries')
      .columns(['account_id', 'import_key'])
      .unique()
      .execute();
    await db.schema.createIndex('entries_import_batch').on('entries').column('import_batch_id').execute();
  },
};
