import { type ChildProcess, fork } from 'node:child_process';
import type { BenchAnswer, BenchReady, BenchRequest, ServerStats } from './ipc-protocol.js';

type Request = BenchRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A benchmark server in a child process, driven over IPC. */
export interface ServerProcess {
  readonly pid: number;
  /** Coffer: `ws://…/trpc`; raw: `ws://…`. */
  readonly wsUrl: string;
  /** One session token per user (Coffer only). */
  readonly tokens: readonly string[];
  stats(options?: { gc?: boolean }): Promise<ServerStats>;
  /** Coffer: writes changes; raw: broadcasts them. Resolves when the last one was sent or committed. */
  send(request: Request): Promise<BenchAnswer>;
  close(): Promise<void>;
}

/**
 * The environment of a benchmark server for `users` users: `BENCH_SERVER_OPTIONS` from this
 * process's environment, else 1 000 connections per user (the server's default, 16, is for real
 * clients, not for a load test).
 */
export function benchServerEnv(users: number): Record<string, string> {
  return {
    BENCH_USERS: String(users),
    BENCH_SERVER_OPTIONS:
      process.env.BENCH_SERVER_OPTIONS ?? JSON.stringify({ webSocket: { maxConnectionsPerUser: 1_000 } }),
  };
}

/**
 * Forks `bench-server.ts` (`kind: 'coffer'`) or `raw-broadcast-server.ts` (`'raw'`) with
 * `--expose-gc` and the TypeScript loader (and `--cpu-prof` when `BENCH_CPU_PROF_DIR` is set), and
 * waits until it listens.
 */
export async function startServerProcess(
  kind: 'coffer' | 'raw',
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const entry = kind === 'coffer' ? './bench-server.ts' : './raw-broadcast-server.ts';
  const child: ChildProcess = fork(new URL(entry, import.meta.url), {
    execArgv: [
      '--expose-gc',
      '--max-semi-space-size=64',
      '--import',
      'tsx',
      '--conditions=@coffer/source',
      // `BENCH_CPU_PROF_DIR=…`: a CPU profile of the server, written when it exits.
      ...(process.env.BENCH_CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
        : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (answer: BenchAnswer) => void>();
  let nextId = 0;
  const ready = await new Promise<BenchReady>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    child.on('message', (message: BenchReady | BenchAnswer) => {
      if ('ready' in message) resolve(message);
      else pending.get(message.id)?.(message);
    });
  });
  child.removeAllListeners('exit');
  const send = (request: Request) =>
    new Promise<BenchAnswer>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (answer) => {
        pending.delete(id);
        if (answer.error !== null) reject(new Error(answer.error));
        else resolve(answer);
      });
      child.send({ ...request, id });
    });
  return {
    pid: child.pid ?? -1,
    wsUrl: ready.wsUrl,
    tokens: ready.tokens,
    send,
    async stats(options = {}) {
      const answer = await send({ op: 'stats', gc: options.gc ?? false });
      if (!('stats' in answer)) throw new Error('stats: unexpected answer');
      return answer.stats;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send({ op: 'close' });
      await exited;
    },
  };
}
