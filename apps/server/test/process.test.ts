import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CASH_ACCOUNT, ledgerCsv, signIn } from './support/clients.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/main.ts` as its own process, as `pnpm start` does, and waits for its "listening" log line. */
async function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<{ url: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === 'listening') resolve(entry as unknown as { url: string });
    });
    void exited.then((code) => reject(new Error(`server exited early with ${code}`)));
  });
  return { child, lines, exited, listening };
}

describe('server process', () => {
  it('starts with zero configuration beyond a port, serves health, and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coffer-server-'));
    dirs.push(dataDir);
    const proc = await startProcess({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { url } = await proc.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/trpc/system.health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { data: { status: 'ok' } } });

    const stoppedAt = Date.now();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(proc.lines.map((l) => l.msg)).toContain('closed');
  });

  it('refuses an invalid configuration with exit code 2 and a readable message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...process.env, PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('port');
  });
});

describe('server process: SIGTERM during an import', () => {
  it('exits 0 within 10 s, and after a restart the import re-runs to completion with no duplicate', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coffer-server-'));
    dirs.push(dataDir);
    const rows = 12_000;
    const csv = ledgerCsv(rows);
    const first = await startProcess({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { url } = await first.listening;
    const user = await signIn(url, 'importer');
    const account = await user.client.trpc.accounts.create.mutate(CASH_ACCOUNT);
    const { taskId } = await user.client.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'big.csv',
      csv,
    });
    for (;;) {
      const task = await user.client.trpc.tasks.get.query({ id: taskId });
      if ((task.progress?.done ?? 0) > 0 || task.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await user.client.close();
    const stoppedAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    // Ordered teardown: connections drain while tasks stop; only then ledgers lock and the store closes.
    const steps = first.lines.flatMap((l) => (typeof l.step === 'string' ? [l.step] : []));
    expect(steps[0]).toBe('stop accepting');
    expect(new Set(steps.slice(1, 3))).toEqual(new Set(['connections', 'tasks']));
    expect(steps.slice(3)).toEqual(['lock ledgers', 'store']);

    const second = await startProcess({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const again = await signIn((await second.listening).url, 'importer', { register: false });
    const rerun = await again.client.trpc.entries.import.mutate({
      accountId: account.id,
      sourceName: 'big.csv',
      csv,
    });
    let task = await again.client.trpc.tasks.get.query({ id: rerun.taskId });
    while (task.status === 'queued' || task.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      task = await again.client.trpc.tasks.get.query({ id: rerun.taskId });
    }
    expect(task.status).toBe('succeeded');
    const months = await again.client.trpc.reports.monthly.query({ from: '2024-01', to: '2024-12' });
    expect(months.reduce((sum, m) => sum + m.count, 0)).toBe(rows);
    await again.client.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
