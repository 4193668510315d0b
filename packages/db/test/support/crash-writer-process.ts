import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CrashWriterArgs } from './crash-writer.js';

/** Everything a killed {@link CrashWriterArgs} child acknowledged before it died. */
export interface CrashWriterAcks {
  accountId: number | null;
  /** Acknowledged single entries: id → payee. */
  entries: Map<number, string>;
  /** Rows of the import acknowledged as committed (the last chunk ack's running total). */
  importedRows: number;
  /** Chunk acks received. */
  chunks: number;
  /** The import finished before the kill. */
  importDone: boolean;
}

/** When the parent pulls the plug, and a deadline in case it never gets there. */
export interface KillPlan {
  /** SIGKILL once this many import chunks were acknowledged… */
  afterChunks: number;
  /** …and at least this many single entries. */
  afterEntries: number;
  /** Fail if the plan is not reached in time (the child hung or was too slow). @default 20000 */
  deadlineMs?: number;
}

const SCRIPT = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Spawns the crash writer as a real process, reads its acknowledgements line by line, SIGKILLs it
 * as soon as the plan is met (writes are still in flight then) and resolves once its stdout is
 * drained. Rejects if the child dies on its own or misses the deadline.
 */
export function runCrashWriter(args: CrashWriterArgs, plan: KillPlan): Promise<CrashWriterAcks> {
  const acks: CrashWriterAcks = {
    accountId: null,
    entries: new Map(),
    importedRows: 0,
    chunks: 0,
    importDone: false,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@coffer/source', SCRIPT, JSON.stringify(args)],
    { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const deadline = setTimeout(kill, plan.deadlineMs ?? 20_000);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [kind, a, b] = line.split(' ');
    if (kind === 'ready') acks.accountId = Number(a);
    else if (kind === 'entry') acks.entries.set(Number(a), String(b));
    else if (kind === 'chunk') {
      acks.chunks += 1;
      acks.importedRows = Number(a);
    } else if (kind === 'import-done') acks.importDone = true;
    if (acks.chunks >= plan.afterChunks && acks.entries.size >= plan.afterEntries) kill();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      const reached = acks.chunks >= plan.afterChunks && acks.entries.size >= plan.afterEntries;
      if (signal === 'SIGKILL' && reached) resolve(acks);
      else
        reject(
          new Error(`crash writer ended with code ${code} / ${signal} before its kill plan:\n${stderr}`),
        );
    });
  });
}
