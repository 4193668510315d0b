import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the cluster suites use: `TEST_DATABASE_URL`, else the local one these
 * machines have (trust auth). Each suite creates its own database on it and drops it after.
 */
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A cluster secret for tests (any 32+ characters; production uses 32 random bytes). */
export const testClusterSecret = 'test-cluster-secret-0123456789abcdef';

let answers: Promise<boolean> | undefined;

/** Whether the test PostgreSQL server answers (checked once per test file, 2 s at most). */
export function postgresAnswers(): Promise<boolean> {
  answers ??= (async () => {
    const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return answers;
}

/** A fresh database `coffer_cluster_<random>` on the test server; `drop()` removes it (closing its connections). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `coffer_cluster_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
