/**
 * The baseline of the fan-out benchmark, run in a child process like `bench-server.ts`: a bare
 * `ws` server that sends each message, serialised once, to the clients of one user (they connect
 * with `?user=<n>`), at the rate the benchmark asks. No database, no tRPC: the least a server can
 * do to deliver the same bytes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import { answerParent } from './answer-parent.js';
import { type BenchAnswer, type BenchReady, type BenchRequest, changeMarker, nowMs } from './ipc-protocol.js';
import { threadCpuUs } from './proc-stat.js';

const users = Number(process.env.BENCH_USERS ?? 10);
const groups: Set<WebSocket>[] = Array.from({ length: users }, () => new Set());
const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const user = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('user') ?? 0);
  const group = groups[user % users] as Set<WebSocket>;
  group.add(ws);
  ws.on('close', () => group.delete(ws));
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as AddressInfo;
const ready: BenchReady = { ready: true, wsUrl: `ws://127.0.0.1:${port}`, tokens: [] };
answerParent(ready, answer);

async function answer(request: BenchRequest): Promise<BenchAnswer> {
  switch (request.op) {
    case 'stats': {
      if (request.gc) globalThis.gc?.();
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      return {
        id: request.id,
        error: null,
        stats: {
          cpuUs: cpu.user + cpu.system,
          mainThreadCpuUs: threadCpuUs(process.pid),
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          errors: 0,
          warnings: 0,
          lastProblems: [],
        },
      };
    }
    case 'broadcast': {
      const began = nowMs();
      const start = nowMs();
      for (let i = 0; i < request.count; i += 1) {
        const wait = start + (i * 1000) / request.rate - nowMs();
        if (wait > 0) await sleep(wait);
        const index = request.first + i;
        const bytes = Buffer.from(
          request.template
            .replace('__MARK__', changeMarker(index, nowMs()))
            .replaceAll('__SEQ__', String(index + 1)),
        );
        for (const client of groups[index % users] as Set<WebSocket>) {
          if (client.readyState === WebSocket.OPEN) client.send(bytes, { binary: false });
        }
      }
      return {
        id: request.id,
        error: null,
        written: request.count,
        elapsedMs: nowMs() - began,
        commitP50Ms: 0,
        commitP99Ms: 0,
      };
    }
    case 'write':
      throw new Error('write is for the Coffer server');
    case 'close':
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.close();
      setImmediate(() => process.exit(0));
      return { id: request.id, error: null, closed: true };
  }
}
