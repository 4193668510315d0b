import type { Pool } from 'pg';

/** The PostgreSQL schema holding the API's shared state (sessions, tasks, large notifications). */
export const CLUSTER_SCHEMA = 'coffer_api';

/** The version {@link ensureClusterSchema} creates; a database at a newer one is refused. */
export const CLUSTER_SCHEMA_VERSION = 1;

/** Thrown when the database holds a newer `coffer_api` schema than this code knows. */
export class ClusterSchemaTooNewError extends Error {
  /** Stable code. */
  readonly code = 'COFFER_API_CLUSTER_SCHEMA_TOO_NEW';
  override readonly name = 'ClusterSchemaTooNewError';
}

const VERSION_1 = `
CREATE TABLE ${CLUSTER_SCHEMA}.sessions (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id text NOT NULL,
  username text NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  sealed_key bytea NOT NULL
);
CREATE INDEX sessions_user ON ${CLUSTER_SCHEMA}.sessions (user_id);
CREATE INDEX sessions_expiry ON ${CLUSTER_SCHEMA}.sessions (expires_at);

CREATE TABLE ${CLUSTER_SCHEMA}.notifications (
  id bigserial PRIMARY KEY,
  created_at bigint NOT NULL,
  body text NOT NULL
);

CREATE TABLE ${CLUSTER_SCHEMA}.tasks (
  id uuid PRIMARY KEY,
  owner text NOT NULL,
  name text NOT NULL,
  key text,
  status text NOT NULL,
  progress jsonb,
  result text,
  error text,
  payload text,
  attempts integer NOT NULL DEFAULT 0,
  heartbeat_at bigint,
  created_at bigint NOT NULL,
  started_at bigint,
  finished_at bigint
);
CREATE UNIQUE INDEX tasks_active_key ON ${CLUSTER_SCHEMA}.tasks (owner, key)
  WHERE key IS NOT NULL AND status IN ('queued', 'running');
CREATE INDEX tasks_owner ON ${CLUSTER_SCHEMA}.tasks (owner, created_at);
CREATE INDEX tasks_running ON ${CLUSTER_SCHEMA}.tasks (heartbeat_at) WHERE status = 'running';
`;

/**
 * Creates the `coffer_api` schema (sessions, tasks, oversized notifications) if missing, under an
 * advisory lock so instances starting together do it once. Refuses a newer schema.
 */
export async function ensureClusterSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('${CLUSTER_SCHEMA}.schema'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${CLUSTER_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${CLUSTER_SCHEMA}.schema_version (version integer NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${CLUSTER_SCHEMA}.schema_version`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > CLUSTER_SCHEMA_VERSION) {
      throw new ClusterSchemaTooNewError(
        `The database's ${CLUSTER_SCHEMA} schema is at version ${current}; this server knows ${CLUSTER_SCHEMA_VERSION}`,
      );
    }
    if (current < 1) {
      await client.query(VERSION_1);
      await client.query(`INSERT INTO ${CLUSTER_SCHEMA}.schema_version (version) VALUES (1)`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
