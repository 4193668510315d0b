import { type Kysely, type Migration, sql } from 'kysely';

const registry: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('db_file', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('last_login_at', 'integer')
      .addColumn('pending_rekey_backup', 'text')
      .execute();
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .execute();
  },
};

// Throttle keys are stored as digests from now on; raw keys left by 0001 would never match again.
const hashedThrottleKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DELETE FROM login_throttle`.execute(db);
  },
};

/** Migrations of the global database, in order. Names are stable forever. */
export const globalMigrations: Readonly<Record<string, Migration>> = {
  '0001-registry-throttle-settings': registry,
  '0002-hashed-throttle-keys': hashedThrottleKeys,
};
