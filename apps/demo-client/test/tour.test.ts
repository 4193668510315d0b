import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCofferClient } from '@coffer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError, followChanges, runTour } from '../src/index.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

let server: ServerProcess;
let url: string;
let dataDir: string;

// The demo talks to a real server process, as a user would run it.
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coffer-demo-'));
  server = await startServerProcess(dataDir);
  url = server.url;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const demoDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the CLI as a user would (`pnpm demo …`) and returns its exit code and output. */
function runCli(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts', ...args],
      {
        cwd: demoDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demo tour', () => {
  it('registers, creates accounts, imports the sample with progress, prints a report table and search hits', async () => {
    const lines: string[] = [];
    await runTour({
      url,
      username: 'tourist',
      password: 'password-1',
      rows: 500,
      print: (line) => lines.push(line),
    });
    expect(lines[0]).toBe('created and logged in as tourist');
    expect(lines[1]).toBe('accounts: Checking (asset, EUR), Credit card (liability, EUR)');
    expect(lines[2]).toBe('import: 500 added, 0 skipped');
    const report = lines.slice(4).join('\n');
    expect(report).toMatch(/│ Groceries\s+│/);
    expect(report).toMatch(/│ net\s+│/);
    expect(lines.find((line) => line.startsWith('search "coffee":'))).toMatch(/: [1-5] best matches/);
    expect(lines.at(-1)).toMatch(/Blue Bottle Coffee$/);

    // A second run logs in, keeps the accounts and sees the same sample as already imported.
    const again: string[] = [];
    await runTour({
      url,
      username: 'tourist',
      password: 'password-1',
      rows: 500,
      print: (line) => again.push(line),
    });
    expect(again[0]).toBe('logged in as tourist');
    expect(again[2]).toMatch(/^import: this sample was already imported/);
  });

  it('the progress bar follows tasks.onUpdate up to 100 %', async () => {
    const drawn: string[] = [];
    const { PassThrough } = await import('node:stream');
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    stream.on('data', (chunk: Buffer) => drawn.push(chunk.toString()));
    await runTour({
      url,
      username: 'barista',
      password: 'password-2',
      rows: 500,
      print: () => {},
      progressStream: stream,
    });
    expect(drawn.join('')).toContain('100% | 500/500 rows');
  });

  it('follow mode prints a change made by another client', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const following = followChanges({
      url,
      username: 'watcher',
      password: 'password-3',
      signal: stop.signal,
      print: (line) => lines.push(line),
    });
    await expect
      .poll(() => lines[0], { timeout: 15_000 })
      .toBe('following changes of watcher (Ctrl-C to stop)');
    const other = createCofferClient({ url });
    try {
      await other.login({ username: 'watcher', password: 'password-3' });
      const [account] = await other.trpc.accounts.list.query();
      const accountId =
        account?.id ??
        (await other.trpc.accounts.create.mutate({ name: 'Wallet', kind: 'asset', currency: 'EUR' })).id;
      await other.trpc.entries.create.mutate({
        accountId,
        date: '2026-01-02',
        amount: -1234,
        payee: 'Kiosk',
      });
      await expect
        .poll(() => lines.find((line) => line.includes('entry insert')), { timeout: 15_000 })
        .toMatch(/^#\d+ \d\d:\d\d:\d\d entry insert: 2026-01-02 -12\.34 Kiosk$/);
    } finally {
      stop.abort();
      await following;
      await other.close();
    }
  });

  it('says in one line that the server is down, and exits with 1', async () => {
    const { code, stdout, stderr } = await runCli(['--url', 'http://127.0.0.1:1', '--rows', '10']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'demo: cannot reach the Coffer server at http://127.0.0.1:1: start it with `pnpm start` (or pass --url)\n',
    );
  });

  it('says in one line that the password is wrong', async () => {
    await runTour({ url, username: 'guarded', password: 'right-password', rows: 1, print: () => {} });
    const { code, stderr } = await runCli([
      '--url',
      url,
      '--user',
      'guarded',
      '--password',
      'wrong-password',
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^demo: wrong username or password \(.*\)\n$/);
  });

  it('says in one line that the session has expired', async () => {
    const client = createCofferClient({ url });
    try {
      const { token } = await client.trpc.auth.register.mutate({
        username: 'sleeper',
        password: 'password-4',
      });
      await createCofferClient({ url, token }).logout();
      client.setToken(token);
      const error = await client.trpc.accounts.list.query().catch((e: unknown) => e);
      expect(explainError(error, url)).toBe(
        'your session has expired or was ended: run the demo again to log in',
      );
    } finally {
      await client.close();
    }
  });
});
