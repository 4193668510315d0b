import { createCofferServer, createLogger } from '../src/index.js';

/** Starts a real server on an ephemeral loopback port, silent unless LOG_LEVEL is set. */
export async function startServer(port = 0) {
  const logger = createLogger({ level: (process.env.LOG_LEVEL as 'silent' | undefined) ?? 'silent' });
  const server = createCofferServer({
    port,
    host: '127.0.0.1',
    logger,
    version: '0.0.0-test',
    shutdownGraceMs: 500,
  });
  const address = await server.listen();
  return { server, ...address };
}
