import { mkdirSync } from 'node:fs';
import { composeServer } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { serverVersion } from './version.js';

/** Hard limit for a graceful stop: SIGTERM must exit in under 10 s (docs/architecture.md, Shutdown). */
const SHUTDOWN_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const composed = await composeServer({
    dataDir: config.dataDir,
    port: config.port,
    host: config.host,
    logger,
    version: serverVersion,
    shutdownGraceMs: 3_000,
    httpAdapter: config.httpAdapter,
    corsOrigins: config.corsOrigins,
    webSocket: config.webSocket,
    api: { maxBufferedEvents: config.liveQueueSize },
    webDir: config.webDir,
    ...(config.databaseUrl && config.clusterSecret
      ? {
          cluster: {
            url: config.databaseUrl,
            clusterSecret: config.clusterSecret,
            jobs: { lostAfterMs: config.taskLostAfterSeconds * 1000 },
          },
        }
      : {}),
  });
  const { url } = await composed.server.listen();
  const backend = config.databaseUrl ? 'postgres' : 'sqlite';
  logger.info(
    { dataDir: config.dataDir, webDir: config.webDir, backend, version: serverVersion, url },
    `coffer server ready: open ${url}/ in a browser (API docs: ${url}/docs)`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    composed.close({ deadlineMs: 3_000 }).then(
      () => {
        logger.info('closed');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `coffer server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
