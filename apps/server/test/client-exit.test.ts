import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const fixture = fileURLToPath(new URL('./fixtures/client-only.ts', import.meta.url));
const cleanups = cleanupsAfterEach();

describe('a process that only used the client', () => {
  it.each([
    ['websocket', 'with a live WebSocket subscription'],
    ['sse', 'with a live SSE subscription'],
    ['retrying', 'while waiting a minute to retry an unreachable server'],
  ] as const)(
    'exits by itself after client.close() (%s: %s)',
    async (transport, _situation) => {
      const { server, url: live } = await startServer();
      cleanups.push(() => server.close());
      const url = transport === 'retrying' ? 'http://127.0.0.1:1' : live;
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--conditions=@coffer/source', fixture, url, transport],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      cleanups.push(() => void child.kill('SIGKILL'));
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exitCode = await new Promise<number | string>((resolve) => {
        // Generous: tsx start-up on a loaded 2-core machine takes seconds; a leak never exits.
        const timer = setTimeout(() => resolve('still running after 45 s'), 45_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code ?? 'killed');
        });
      });
      expect(output.trim()).toBe(`closed ${transport}`);
      expect(exitCode).toBe(0);
    },
    60_000,
  );
});
