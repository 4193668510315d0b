import { createTestDatabase, type TestDatabase } from '@coffer/db/testing';
import pg from 'pg';
import { ensureClusterSchema } from '../../src/index.js';

/** A throwaway PostgreSQL database with the cluster schema (sessions, tasks) already in place. */
export async function createClusterDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await ensureClusterSchema(pool);
  } finally {
    await pool.end();
  }
  return database;
}
