/**
 * `entries.export` on a 200k-entry ledger: does server memory stay bounded while the whole ledger
 * streams out? Seeds a ledger, then exports it over WebSocket to a client that counts and drops each
 * chunk, sampling the process's heap and RSS every 10 ms. Server and client share this process, so
 * the figures are an upper bound for the server. Prints one JSON line.
 *
 *   pnpm --filter @coffer/server bench:export [-- --entries 200000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCofferClient } from '@coffer/client';
import { seedLedger } from '@coffer/db/seed';
import { composeServer, createLogger } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { entries: { type: 'string', default: '200000' } },
});
const entries = Number(values.entries);
const username = 'exporter';
const password = 'export bench password';
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

const dataDir = await mkdtemp(join(tmpdir(), 'coffer-export-bench-'));
const composed = await composeServer({
  dataDir,
  port: 0,
  host: '127.0.0.1',
  logger: createLogger({ level: 'silent' }),
  version: 'bench',
  maintenance: false,
});
try {
  const { url } = await composed.server.listen();
  const seeding = await composed.store.createUser(username, password);
  await seedLedger(seeding, { entries, years: 5, endDate: '2025-12-31', seed: 11 });

  const client = createCofferClient({ url, transport: 'websocket' });
  await client.login({ username, password });
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 10);

  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    const sub = client.trpc.entries.export.subscribe(undefined, {
      onData: (data) => {
        if (data.kind === 'entries') {
          rows += data.entries.length;
          bytes += JSON.stringify(data.entries).length;
        } else {
          sub.unsubscribe();
          resolve();
        }
      },
      onError: reject,
      onComplete: () => resolve(),
    });
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await client.close();

  console.log(
    JSON.stringify({
      bench: 'entries.export',
      entries,
      rows,
      exportedMB: mb(bytes),
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / seconds),
      heapBeforeMB: mb(before.heapUsed),
      peakHeapGrowthMB: mb(peakHeap - before.heapUsed),
      rssBeforeMB: mb(before.rss),
      peakRssGrowthMB: mb(peakRss - before.rss),
      load: loadavg().map((l) => Math.round(l * 10) / 10),
    }),
  );
} finally {
  await composed.close();
  await rm(dataDir, { recursive: true, force: true });
}
