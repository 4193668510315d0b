import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const started = await startServer(options);
  cleanups.push(() => started.server.close());
  return started;
}

describe('lean HTTP adapter', () => {
  it('writes a non-streamed answer with Content-Length and no chunked encoding', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/trpc/system.health,system.version?batch=1&input=%7B%7D`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
    expect(body.byteLength).toBeGreaterThan(0);
  });

  it('answers an oversized declared body with 413 before reading it and closes the connection', async () => {
    const { port } = await start({ api: { maxImportBytes: 1_000 } });
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/trpc/auth.login',
          headers: { 'content-type': 'application/json', 'content-length': String(10_000_000) },
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        });
        req.on('error', reject);
        req.write('{"username":"'); // far less than declared: the server must not wait for the rest
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
  });
});
