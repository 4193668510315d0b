import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServer, createLogger } from '@coffer/server';
import { WEB_DIST } from './web-build.ts';

/** A running Coffer server serving the built app, and its teardown (data dir removed). */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A real, fully composed Coffer server on an ephemeral loopback port, serving `dist/` at `/`. */
export async function startCofferServer(): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-web-'));
  const composed = await composeServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    version: '0.0.0-test',
    maintenance: false,
    shutdownGraceMs: 500,
    webDir: WEB_DIST,
  });
  const { url } = await composed.server.listen();
  return {
    url,
    close: async () => {
      await composed.close({ deadlineMs: 2_000 });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
