import { type Kysely, type Migration, sql } from 'kysely';

/** `current_setting('coffer.user_id')` as uuid; an unset or cleared setting is NULL (matches no row). */
const CURRENT_USER = `NULLIF(current_setting('coffer.user_id', true), '')::uuid`;

const TABLES = [
  `CREATE TABLE users (
    id uuid PRIMARY KEY,
    username text NOT NULL UNIQUE,
    db_file text NOT NULL,
    created_at bigint NOT NULL,
    last_login_at bigint,
    pending_rekey_backup text
  )`,
  `CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    last_failure_at bigint NOT NULL,
    locked_until bigint NOT NULL
  )`,
  `CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at bigint NOT NULL)`,
  `CREATE TABLE user_keys (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    kdf_salt bytea NOT NULL,
    kdf_iterations integer NOT NULL,
    wrapped_key bytea NOT NULL
  )`,
  `CREATE TABLE ledger_heads (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seq bigint NOT NULL DEFAULT 0,
    pruned_through bigint NOT NULL DEFAULT 0
  )`,
  `CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name_enc bytea NOT NULL,
    name_blind bytea NOT NULL,
    kind text NOT NULL CHECK (kind IN ('asset', 'liability', 'income', 'expense', 'equity')),
    currency text NOT NULL,
    archived smallint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (user_id, name_blind)
  )`,
  `CREATE TABLE import_batches (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts (id),
    source_name_enc bytea NOT NULL,
    status text NOT NULL,
    row_count integer NOT NULL DEFAULT 0,
    added integer NOT NULL DEFAULT 0,
    skipped integer NOT NULL DEFAULT 0,
    invalid integer NOT NULL DEFAULT 0,
    content_hash text,
    started_at bigint NOT NULL,
    finished_at bigint
  )`,
  `CREATE TABLE entries (
    id bigserial PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts (id),
    date text NOT NULL,
    amount bigint NOT NULL,
    payee_enc bytea NOT NULL,
    memo_enc bytea NOT NULL,
    category_enc bytea,
    category_blind bytea,
    tags_enc bytea NOT NULL,
    tag_blinds bytea[] NOT NULL,
    tokens bytea[] NOT NULL,
    import_batch_id bigint REFERENCES import_batches (id),
    import_key text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    UNIQUE (user_id, account_id, import_key)
  )`,
  `CREATE INDEX entries_by_date ON entries (user_id, date DESC, id DESC)`,
  `CREATE INDEX entries_by_account ON entries (user_id, account_id, date) INCLUDE (amount)`,
  `CREATE INDEX entries_by_token ON entries USING gin (tokens)`,
  `CREATE INDEX entries_by_tag ON entries USING gin (tag_blinds)`,
  `CREATE TABLE change_log (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq bigint NOT NULL,
    entity text NOT NULL,
    op text NOT NULL,
    entity_id bigint NOT NULL,
    at bigint NOT NULL,
    row_enc bytea,
    PRIMARY KEY (user_id, seq)
  )`,
];

const USER_TABLES = ['user_keys', 'ledger_heads', 'accounts', 'entries', 'import_batches', 'change_log'];

/**
 * The shared schema: registry, throttle, settings and every user's ledger in one set of tables,
 * with row-level security on `user_id` (FORCE, so the table owner is bound too). When the
 * migrating role bypasses RLS (a superuser), a `coffer_ledger` role without that power is created
 * for the store's connections to run as.
 */
export const sharedSchema: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of TABLES) await sql.raw(statement).execute(db);
    for (const table of USER_TABLES) {
      await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
      await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
      await sql
        .raw(
          `CREATE POLICY ${table}_own_rows ON ${table} USING (user_id = ${CURRENT_USER}) WITH CHECK (user_id = ${CURRENT_USER})`,
        )
        .execute(db);
    }
    await sql
      .raw(`DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)) THEN
          BEGIN
            CREATE ROLE coffer_ledger NOLOGIN NOBYPASSRLS;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
          EXECUTE format('GRANT USAGE ON SCHEMA %I TO coffer_ledger', current_schema());
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO coffer_ledger', current_schema());
          EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO coffer_ledger', current_schema());
        END IF;
      END $$`)
      .execute(db);
  },
};
