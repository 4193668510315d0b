import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type ResolvedWebSocketLimits, WEBSOCKET_LIMIT_DEFAULTS } from './live/websocket-limits.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The built web app (`apps/web/dist`), found by path from this file (`src/` or `dist/`, both one
 * level under `apps/server`): the server serves it without importing the web app's package.
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The WebSocket limits, each read from an env variable and a flag (`WS_MAX_CONNECTIONS`,
 * `--ws-max-connections`, …). Defaults: `WEBSOCKET_LIMIT_DEFAULTS`.
 */
const WEBSOCKET_SETTINGS = {
  maxConnections: 'WS_MAX_CONNECTIONS',
  maxConnectionsPerUser: 'WS_MAX_CONNECTIONS_PER_USER',
  maxSubscriptionsPerConnection: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
  maxCallsPerMessage: 'WS_MAX_CALLS_PER_MESSAGE',
  maxPayloadBytes: 'WS_MAX_PAYLOAD_BYTES',
  maxBufferedBytes: 'WS_MAX_BUFFERED_BYTES',
  slowConsumerGraceMs: 'WS_SLOW_CONSUMER_GRACE_MS',
  idleTimeoutMs: 'WS_IDLE_TIMEOUT_MS',
  pingIntervalMs: 'WS_PING_INTERVAL_MS',
  pongTimeoutMs: 'WS_PONG_TIMEOUT_MS',
} as const satisfies Record<keyof ResolvedWebSocketLimits, string>;

type WebSocketSetting = keyof typeof WEBSOCKET_SETTINGS;

const flagOf = (env: string) => env.toLowerCase().replaceAll('_', '-');

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const webSocketSchema = z
  .object(
    Object.fromEntries(
      Object.entries(WEBSOCKET_LIMIT_DEFAULTS).map(([key, value]) => [key, positiveInt(value)]),
    ) as Record<WebSocketSetting, ReturnType<typeof positiveInt>>,
  )
  .refine((limits) => limits.maxCallsPerMessage >= limits.maxSubscriptionsPerConnection, {
    message: 'maxCallsPerMessage must be at least maxSubscriptionsPerConnection',
    path: ['maxCallsPerMessage'],
  });

const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(4400),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  webDir: z.string().min(1).default(DEFAULT_WEB_DIR),
  logLevel: z.enum(logLevels).default('info'),
  httpAdapter: z.enum(['lean', 'stock']).default('lean'),
  corsOrigins: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  liveQueueSize: positiveInt(64),
  webSocket: webSocketSchema,
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  clusterSecret: z.string().min(32).optional(),
  taskLostAfterSeconds: z.coerce.number().int().min(1).max(3_600).default(15),
});

/** The server's validated configuration. */
export interface ServerConfig {
  /** TCP port; `0` picks a free one. @default 4400 */
  readonly port: number;
  /** Interface to bind. @default '127.0.0.1' (loopback only) */
  readonly host: string;
  /** Absolute path of the data directory. @default '<cwd>/data' */
  readonly dataDir: string;
  /** Absolute path of the built web app served at `/`. @default {@link DEFAULT_WEB_DIR} (`apps/web/dist`) */
  readonly webDir: string;
  /** pino log level. @default 'info' */
  readonly logLevel: (typeof logLevels)[number];
  /** HTTP glue serving tRPC: Coffer's `lean` one or tRPC's `stock` standalone adapter. @default 'lean' */
  readonly httpAdapter: 'lean' | 'stock';
  /** Browser origins allowed by CORS (`CORS_ORIGINS`, comma-separated, exact). @default [] (none) */
  readonly corsOrigins: readonly string[];
  /**
   * Events one `live.notifications` / `tasks.onUpdate` subscription may queue before its connection
   * is shed (`LIVE_QUEUE_SIZE`, `--live-queue-size`). @default 64
   */
  readonly liveQueueSize: number;
  /** WebSocket limits (`WS_*` variables, `--ws-*` flags); defaults in `WEBSOCKET_LIMIT_DEFAULTS`. */
  readonly webSocket: ResolvedWebSocketLimits;
  /**
   * PostgreSQL (`DATABASE_URL`, `postgres://…`): the ledgers, sessions, live changes and tasks live
   * there, so any number of instances serve any user. @default none (SQLite files in `dataDir`)
   */
  readonly databaseUrl?: string;
  /**
   * `COFFER_CLUSTER_SECRET` (≥ 32 characters, the same on every instance; required with
   * `DATABASE_URL`): seals the data key and input that an import job carries to whichever instance
   * runs it. See docs/security.md.
   */
  readonly clusterSecret?: string;
  /**
   * `COFFER_TASK_LOST_AFTER_SECONDS` (with `DATABASE_URL`): an import whose instance sent no
   * heartbeat for this long is taken for lost (the instance died) and retried on another.
   * @default 15
   */
  readonly taskLostAfterSeconds: number;
}

/** Thrown when the environment or flags do not make a valid configuration. */
export class ConfigError extends Error {
  /** Stable code for this error. */
  readonly code = 'COFFER_CONFIG_INVALID';
  override readonly name = 'ConfigError';
}

/** Where {@link loadConfig} reads from. */
export interface LoadConfigOptions {
  /**
   * Environment variables (`PORT`, `HOST`, `DATA_DIR`, `WEB_DIR`, `LOG_LEVEL`, `HTTP_ADAPTER`,
   * `CORS_ORIGINS`, `LIVE_QUEUE_SIZE`, `WS_*`, `DATABASE_URL`, `COFFER_CLUSTER_SECRET`,
   * `COFFER_TASK_LOST_AFTER_SECONDS`). @default process.env
   */
  readonly env?: Record<string, string | undefined>;
  /**
   * Command-line flags (`--port`, `--host`, `--data-dir`, `--web-dir`, `--log-level`,
   * `--live-queue-size`, `--ws-*`); they win over env. @default process.argv.slice(2)
   */
  readonly argv?: readonly string[];
  /** Base for a relative data dir or web dir. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Reads the configuration from flags and environment, validated with zod. Every setting has a
 * default, so no configuration at all is valid.
 *
 * @example
 * ```ts
 * const config = loadConfig(); // PORT=0 LOG_LEVEL=debug …
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...(options.argv ?? process.argv.slice(2))],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'web-dir': { type: 'string' },
        'log-level': { type: 'string' },
        'live-queue-size': { type: 'string' },
        ...Object.fromEntries(
          Object.values(WEBSOCKET_SETTINGS).map((env) => [flagOf(env), { type: 'string' as const }]),
        ),
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (cause) {
    throw new ConfigError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const parsed = configSchema.safeParse({
    port: flags.port ?? emptyToUndefined(env.PORT),
    host: flags.host ?? emptyToUndefined(env.HOST),
    dataDir: flags['data-dir'] ?? emptyToUndefined(env.DATA_DIR),
    webDir: flags['web-dir'] ?? emptyToUndefined(env.WEB_DIR),
    logLevel: flags['log-level'] ?? emptyToUndefined(env.LOG_LEVEL),
    httpAdapter: emptyToUndefined(env.HTTP_ADAPTER),
    corsOrigins: emptyToUndefined(env.CORS_ORIGINS),
    liveQueueSize: flags['live-queue-size'] ?? emptyToUndefined(env.LIVE_QUEUE_SIZE),
    webSocket: Object.fromEntries(
      Object.entries(WEBSOCKET_SETTINGS).map(([key, name]) => [
        key,
        flags[flagOf(name)] ?? emptyToUndefined(env[name]),
      ]),
    ),
    databaseUrl: emptyToUndefined(env.DATABASE_URL),
    clusterSecret: emptyToUndefined(env.COFFER_CLUSTER_SECRET),
    taskLostAfterSeconds: emptyToUndefined(env.COFFER_TASK_LOST_AFTER_SECONDS),
  });
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const { databaseUrl, clusterSecret, ...rest } = parsed.data;
  if (databaseUrl !== undefined && clusterSecret === undefined) {
    throw new ConfigError('invalid configuration:\nCOFFER_CLUSTER_SECRET is required with DATABASE_URL');
  }
  const cwd = options.cwd ?? process.cwd();
  return {
    ...rest,
    dataDir: resolve(cwd, rest.dataDir),
    webDir: resolve(cwd, rest.webDir),
    ...(databaseUrl === undefined ? {} : { databaseUrl, clusterSecret }),
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
