import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** One unlinked file the watcher saw open in this process. */
export interface UnlinkedFile {
  /** What `/proc/self/fd/N` points to, e.g. `/var/tmp/etilqs_3f… (deleted)`. */
  path: string;
  /** The most bytes read from it at any sample. */
  bytes: number;
  /** Whether the marker appeared in its content at some sample. */
  containsMarker: boolean;
}

/** A running watcher; see {@link watchUnlinkedFiles}. */
export interface UnlinkedFileWatcher {
  /** Stops sampling and returns every unlinked file seen since the start. */
  stop(): Promise<UnlinkedFile[]>;
}

/**
 * The sampler, as plain JavaScript run in its own thread: the SQLite statements under test block
 * their own thread (or the main thread, with an in-process driver), and worker threads share the
 * process's file-descriptor table, so a separate thread sees every file SQLite holds open.
 * Each sample lists `/proc/self/fd`, and for every link ending in ` (deleted)` reads the file
 * through `/proc/self/fd/N` (which still opens after the unlink) from where the last sample
 * stopped, looking for the marker.
 */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const stopFlag = new Int32Array(workerData.flag);
const marker = Buffer.from(workerData.marker);
const buffer = Buffer.alloc(1 << 20);
const files = new Map();
function sample() {
  let names;
  try { names = fs.readdirSync('/proc/self/fd'); } catch { return; }
  for (const name of names) {
    let target;
    try { target = fs.readlinkSync('/proc/self/fd/' + name); } catch { continue; }
    if (!target.startsWith('/') || !target.endsWith(' (deleted)')) continue;
    const seen = files.get(target) ?? { path: target, bytes: 0, containsMarker: false };
    files.set(target, seen);
    if (seen.containsMarker) continue;
    let fd;
    try { fd = fs.openSync('/proc/self/fd/' + name, 'r'); } catch { continue; }
    try {
      let position = Math.max(0, seen.bytes - (marker.length - 1));
      while (true) {
        const read = fs.readSync(fd, buffer, 0, buffer.length, position);
        if (read <= 0) break;
        if (buffer.subarray(0, read).includes(marker)) seen.containsMarker = true;
        if (read < buffer.length) { position += read; break; }
        position += read - (marker.length - 1);
      }
      seen.bytes = Math.max(seen.bytes, position);
    } catch {} finally { fs.closeSync(fd); }
  }
}
parentPort.postMessage('ready');
while (Atomics.load(stopFlag, 0) === 0) {
  sample();
  Atomics.wait(stopFlag, 0, 0, 1);
}
sample();
parentPort.postMessage([...files.values()]);
`;

/**
 * Test helper (Linux only): watches this process's open file descriptors for unlinked files —
 * SQLite's `etilqs_*` temp files are opened and unlinked at once, so no directory listing shows
 * them — and reads each one while it is open, looking for `marker`. Resolves once sampling runs.
 *
 * ```ts
 * const watcher = await watchUnlinkedFiles('MARKER');
 * await db.query('SELECT * FROM t ORDER BY unindexed');
 * expect((await watcher.stop()).filter((f) => f.containsMarker)).toEqual([]);
 * ```
 */
export async function watchUnlinkedFiles(marker: string): Promise<UnlinkedFileWatcher> {
  if (typeof marker !== 'string' || marker.length === 0)
    throw new TypeError('marker must be a non-empty string');
  if (!existsSync('/proc/self/fd')) throw new Error('watchUnlinkedFiles needs /proc/self/fd (Linux)');
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { flag, marker } });
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  worker.on('message', (message: unknown) => {
    messages.push(message);
    wake?.();
  });
  const next = async (): Promise<unknown> => {
    while (messages.length === 0) {
      await new Promise<void>((resolve, reject) => {
        wake = resolve;
        worker.once('error', reject);
      });
    }
    return messages.shift();
  };
  await next();
  return {
    async stop() {
      const view = new Int32Array(flag);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      const files = (await next()) as UnlinkedFile[];
      await worker.terminate();
      return files;
    },
  };
}
