import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTour } from '../src/index.js';

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
let server: ChildProcess;
let url: string;
let dataDir: string;

// The demo talks to a real server process, as a user would run it.
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coffer-demo-'));
  server = spawn(process.execPath, ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url) resolve(entry.url);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
});

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo tour', () => {
  it('prints health and the requested number of live ticks', async () => {
    const lines: string[] = [];
    await runTour({ url, ticks: 3, intervalMs: 20, print: (line) => lines.push(line) });
    expect(lines[0]).toMatch(/^health: ok · version \d+\.\d+\.\d+/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^tick #1 \(event id 1\)/),
      expect.stringMatching(/^tick #2 \(event id 2\)/),
      expect.stringMatching(/^tick #3 \(event id 3\)/),
    ]);
  });

  it('fails with a client error when no server listens', async () => {
    await expect(runTour({ url: 'http://127.0.0.1:1', ticks: 1, print: () => {} })).rejects.toMatchObject({
      name: 'TRPCClientError',
    });
  });
});
