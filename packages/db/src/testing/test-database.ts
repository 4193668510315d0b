import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the test suites use: `TEST_DATABASE_URL`, else `DATABASE_URL`, else the
 * local one these machines have (trust auth). Each suite creates its own database on it and drops it after.
 */
export const testPostgresUrl =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
      await client.end().catch(() => undefined);
    }
  })();
  return answers;
}

/** A throwaway database `coffer_test_<random>` on the test server. */
export interface TestDatabase {
  /** Connection string of the database. */
  readonly url: string;
  /** Its name. */
  readonly name: string;
  /** Runs SQL as the connecting (admin) role on the database (one connection, opened on first use). */
  query<Row extends object>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Drops the database, closing its connections. */
  drop(): Promise<void>;
}

/** Creates a fresh database on {@link testPostgresUrl}; drop it in `afterAll`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `coffer_test_${randomBytes(6).toString('hex')}`;
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  let connection: Promise<pg.Client> | undefined;
  return {
    url: url.toString(),
    name,
    async query<Row extends object>(text: string, values?: unknown[]) {
      connection ??= (async () => {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        return client;
      })();
      return (await (await connection).query<Row>(text, values)).rows;
    },
    async drop() {
      if (connection !== undefined) await (await connection).end().catch(() => undefined);
      await asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function asAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
