import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testClusterSecret } from './postgres.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** One server process of a cluster under test. */
export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Its JSON log lines so far. */
  readonly lines: Record<string, unknown>[];
  /** SIGKILL: no shutdown, as when a machine dies. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then the ordered shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` as its own process on `DATABASE_URL` (an ephemeral loopback port, its own
 * empty data dir) and waits for its "listening" line. Import jobs of a killed instance expire after
 * `taskLostAfterSeconds` without a heartbeat.
 */
export async function startInstance(
  name: string,
  databaseUrl: string,
  options: { taskLostAfterSeconds?: number; env?: Record<string, string> } = {},
): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), `coffer-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      COFFER_CLUSTER_SECRET: testClusterSecret,
      COFFER_TASK_LOST_AFTER_SECONDS: String(options.taskLostAfterSeconds ?? 15),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === 'listening') resolve(String(entry.url));
    });
    void exited.then(() => reject(new Error(`instance ${name} exited before listening`)));
  });
  return {
    name,
    url,
    child,
    lines,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
