/**
 * PostgreSQL-only: the connection layer of the two PostgreSQL backends behind one shape — a Kysely
 * instance whose connections run as a role bound by row-level security, and a way to `LISTEN`.
 * `postgres`: a `pg` pool plus one dedicated listening client that reconnects; `pglite`: one
 * embedded PGlite instance (its own `listen`).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { PgliteBackendOptions, PostgresBackendOptions } from '../ledger-store-options.js';
import { migratePostgres } from './pg-migrations.js';
import type { PgDatabase } from './pg-schema.js';
import { type UserScope, withUser } from './user-scope.js';
import { UserScopedDialect } from './user-scoped-dialect.js';

/** Role the store's connections take when the connecting role would bypass row-level security. */
export const LEDGER_ROLE = 'coffer_ledger';

/** An open PostgreSQL backend. */
export interface PgBackend {
  readonly kind: 'postgres' | 'pglite';
  /** Queries (connections run as a role bound by row-level security). */
  readonly db: Kysely<PgDatabase>;
  /**
   * Transactions scoped to `userId` (row-level security). On a server `BEGIN` and the setting
   * travel in one message; make one scope per user and keep it (it holds no connection).
   */
  scope(userId: string): UserScope;
  /**
   * Listens on `channel`; `onNotify` gets each payload, `onReconnect` runs after a lost listening
   * connection is back (notifications may have been missed: re-read). Returns the stop function.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** int8 → number (ids, seqs, amounts, timestamps stay far below 2^53), numeric sums → string. */
const INT8 = 20;

/** Opens a backend and migrates the schema. */
export async function openPgBackend(
  options: PostgresBackendOptions | PgliteBackendOptions,
  onError: (error: unknown) => void,
): Promise<PgBackend> {
  return options.kind === 'postgres' ? openServer(options, onError) : openEmbedded(options);
}

async function needsLedgerRole(db: Kysely<PgDatabase>): Promise<boolean> {
  const { rows } = await sql<{ bypass: boolean; exists: boolean }>`
    SELECT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass,
           EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${LEDGER_ROLE}) AS exists
  `.execute(db);
  return Boolean(rows[0]?.bypass && rows[0]?.exists);
}

async function openServer(
  options: PostgresBackendOptions,
  onError: (error: unknown) => void,
): Promise<PgBackend> {
  if (typeof options.url !== 'string' || options.url === '') {
    throw new TypeError('options.backend.url must be a non-empty string');
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new TypeError('options.backend.poolSize must be a positive integer');
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  // Migrate as the connecting role, on a short-lived pool.
  const setup = new Kysely<PgDatabase>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.url, max: 1, types }) }),
  });
  let role: string | null;
  try {
    await migratePostgres(setup as Kysely<unknown>);
    role = (await needsLedgerRole(setup)) ? LEDGER_ROLE : null;
  } finally {
    await setup.destroy();
  }
  const clientConfig = {
    connectionString: options.url,
    types,
    ...(role ? { options: `-c role=${role}` } : {}),
  };
  // Pipelining lets a user-scoped transaction write its first statement behind the scoping message.
  const pool = new pg.Pool({ ...clientConfig, max: poolSize, pipeline: true });
  pool.on('error', onError); // an idle client lost its server; the pool replaces it
  const db = new Kysely<PgDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    scope(userId) {
      const scoped = new Kysely<PgDatabase>({ dialect: new UserScopedDialect(pool, userId) });
      const single = new Kysely<PgDatabase>({
        dialect: new UserScopedDialect(pool, userId, { oneStatement: true }),
      });
      return {
        run: (work) => scoped.transaction().execute(work),
        runOne: (work) => single.transaction().execute(work),
      };
    },
    listen: (channel, onNotify, onReconnect) =>
      listenWithReconnect(clientConfig, channel, onNotify, onReconnect, onError),
    close: () => db.destroy(),
  };
}

/**
 * One dedicated client LISTENing on `channel`; when it drops, a new one is connected (backoff
 * 100 ms doubling to 5 s) and `onReconnect` runs so callers re-read what they may have missed.
 */
async function listenWithReconnect(
  config: pg.ClientConfig,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect: () => void,
  onError: (error: unknown) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let delay = 100;
  const connect = async (): Promise<void> => {
    const next = new pg.Client(config);
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotify(message.payload);
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => undefined);
    });
    next.on('end', () => {
      if (client !== next || stopped) return;
      client = null;
      retry = setTimeout(reconnect, delay);
      delay = Math.min(delay * 2, 5_000);
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    delay = 100;
  };
  const reconnect = () => {
    if (stopped) return;
    connect().then(onReconnect, (error: unknown) => {
      onError(error);
      retry = setTimeout(reconnect, delay);
      delay = Math.min(delay * 2, 5_000);
    });
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end().catch(() => undefined);
  };
}

async function openEmbedded(options: PgliteBackendOptions): Promise<PgBackend> {
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) {
    throw new TypeError('options.backend.dataDir must be a non-empty string');
  }
  // Loaded on demand: a server deployment never loads the WebAssembly build.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create(options.dataDir, { parsers: { [INT8]: Number } });
  const db = new Kysely<PgDatabase>({ dialect: new PGliteDialect(pglite) });
  try {
    await migratePostgres(db as Kysely<unknown>);
    // One connection: take the role for the rest of the session.
    if (await needsLedgerRole(db)) await sql.raw(`SET ROLE ${LEDGER_ROLE}`).execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    kind: 'pglite',
    db,
    // In process: no round trips to save, and PGlite's queries take one statement each.
    scope: (userId) => ({
      run: (work) => withUser(db, userId, work),
      runOne: (work) => withUser(db, userId, work),
    }),
    async listen(channel, onNotify) {
      const unlisten = await pglite.listen(channel, onNotify);
      return unlisten;
    },
    close: () => db.destroy(),
  };
}
