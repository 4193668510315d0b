import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests use: `DATABASE_URL`, else the local default. */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when the PostgreSQL server answers (checked once per file). */
export const postgresAnswers = await answers();

/** A throwaway database `coffer_store_<random>` on the test server. */
export interface TestDatabase {
  url: string;
  /** Runs SQL as the connecting (admin) role on the test database. */
  query<Row extends object>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Drops the database (closing the admin connection). */
  drop(): Promise<void>;
}

/** Creates a fresh database; drop it in `afterAll`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `coffer_store_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    async query<Row extends object>(text: string, values?: unknown[]) {
      return (await client.query<Row>(text, values)).rows;
    },
    async drop() {
      await client.end();
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
