import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlitePool } from '@coffer/sqlite-worker';
import { driverUnderTest } from '@coffer/sqlite-worker/testing';
import { pino } from 'pino';
import { type ComposeOptions, composeServer, createLogger, type HttpAdapter } from '../src/index.js';
import { createTestDatabase, postgresAnswers, testClusterSecret } from './support/postgres.js';

/** Options of {@link startServer}. */
export interface StartOptions {
  /** @default 0 (ephemeral) */
  port?: number;
  /** Reuse a data dir (a restart); by default a fresh temp dir, removed by `close()`. */
  dataDir?: string;
  api?: ComposeOptions['api'];
  sessions?: ComposeOptions['sessions'];
  store?: ComposeOptions['store'];
  /** Periodic jobs with these intervals; by default none run. */
  maintenance?: ComposeOptions['maintenance'];
  /** Where the server's JSON log lines go (at level `debug`); by default nowhere. */
  logStream?: NodeJS.WritableStream;
  corsOrigins?: readonly string[];
  webSocket?: ComposeOptions['webSocket'];
  /** A built web app to serve at `/`; by default none. */
  webDir?: string;
}

/**
 * The HTTP glue under test: `HTTP_ADAPTER=stock` (set by the `@coffer/server (stock http)` vitest
 * project) runs the HTTP end-to-end files over tRPC's standalone adapter; otherwise Coffer's lean one.
 */
export const httpAdapterUnderTest: HttpAdapter = process.env.HTTP_ADAPTER === 'stock' ? 'stock' : 'lean';

/**
 * The storage backend under test: `COFFER_TEST_BACKEND=postgres` (set by the `@coffer/server
 * (postgres)` vitest project) runs the suites on PostgreSQL, each server on a fresh database;
 * otherwise on SQLite files.
 */
export const backendUnderTest: 'sqlite' | 'postgres' =
  process.env.COFFER_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** Whether the backend under test can run here: always for SQLite, when the server answers for PostgreSQL. */
export async function backendAnswers(): Promise<boolean> {
  return backendUnderTest === 'sqlite' || (await postgresAnswers());
}

/**
 * Starts a real, fully composed server (store in a temp data dir, tasks, sessions) on an
 * ephemeral loopback port, silent unless LOG_LEVEL is set. `server.close()` runs the ordered
 * teardown and removes a data dir it created.
 */
export async function startServer(options: StartOptions | number = {}) {
  const opts = typeof options === 'number' ? { port: options } : options;
  const ownsDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'coffer-server-')));
  const logger = opts.logStream
    ? pino({ level: 'debug' }, opts.logStream)
    : createLogger({ level: (process.env.LOG_LEVEL as 'silent' | undefined) ?? 'silent' });
  // On the driver COFFER_TEST_SQLITE_DRIVER names (vitest.signal.config.ts), the store gets a pool
  // on that driver, closed here after the store.
  const driver = driverUnderTest();
  const pool = driver === undefined ? undefined : createSqlitePool({ driver });
  const database = backendUnderTest === 'postgres' ? await createTestDatabase() : undefined;
  const composed = await composeServer({
    dataDir,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    logger,
    version: '0.0.0-test',
    shutdownGraceMs: 500,
    maintenance: opts.maintenance ?? false,
    sessions: { lockGraceMs: 50, ...opts.sessions },
    httpAdapter: httpAdapterUnderTest,
    ...(opts.corsOrigins ? { corsOrigins: opts.corsOrigins } : {}),
    ...(opts.webSocket ? { webSocket: opts.webSocket } : {}),
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
    ...(opts.api ? { api: opts.api } : {}),
    ...(opts.store || pool ? { store: { ...opts.store, ...(pool ? { pool } : {}) } } : {}),
    ...(database
      ? {
          cluster: {
            url: database.url,
            clusterSecret: testClusterSecret,
            jobs: { pollingIntervalSeconds: 0.5 },
            sessions: { touchIntervalMs: 0 },
          },
        }
      : {}),
  });
  const address = await composed.server.listen();
  let closed: Promise<void> | undefined;
  const server = {
    close: () => {
      closed ??= composed.close({ deadlineMs: 2_000 }).finally(async () => {
        await pool?.close();
        await database?.drop();
        if (ownsDir) await rm(dataDir, { recursive: true, force: true });
      });
      return closed;
    },
  };
  return { server, composed, dataDir, ...address };
}
