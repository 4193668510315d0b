import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createCofferServer, createLogger } from '../src/index.js';
import { startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const cleanups = cleanupsAfterEach();

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

  it('answers plain calls and batches exactly as the stock adapter does', async () => {
    const { composed, url: leanUrl } = await start();
    const stock = createCofferServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'silent' }),
      version: '0.0.0-test',
      store: composed.store,
      tasks: composed.tasks,
      sessions: composed.sessions,
      httpAdapter: 'stock',
    });
    const stockUrl = (await stock.listen()).url;
    cleanups.push(() => stock.close());
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${leanUrl}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }).then((res) => res.json() as Promise<{ result: { data: { token?: string; id?: number } } }>);
    const { token } = (await post('auth.register', { username: 'ann', password: 'correct horse battery' }))
      .result.data;
    const auth = { authorization: `Bearer ${token}` };
    const account = { name: 'Cash', kind: 'asset', currency: 'EUR' };
    const accountId = (await post('accounts.create', account, auth)).result.data.id;
    const entry = { accountId, date: '2025-01-31', amount: -450, payee: 'Bakery' };
    const id = (await post('entries.create', entry, auth)).result.data.id;
    const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    const json = { 'content-type': 'application/json' };
    const cases: { path: string; init?: RequestInit }[] = [
      { path: `entries.get?input=${q({ id })}`, init: { headers: auth } },
      { path: `entries.get?input=${q({ id })}` },
      { path: `entries.get?input=${q({ id })}`, init: { headers: { authorization: 'Bearer nope' } } },
      { path: 'entries.get?input=%7Bnot-json', init: { headers: auth } },
      { path: `entries.get?input=${q({ id: 'x' })}`, init: { headers: auth } },
      { path: `entries.get?input=${q({ id: 999_999 })}`, init: { headers: auth } },
      {
        path: `entries.get?input=${q({ id })}`,
        init: { headers: { ...auth, 'content-type': 'text/plain' } },
      },
      { path: 'auth.me', init: { headers: auth } },
      { path: 'system.version' },
      { path: 'entries.export', init: { headers: auth } },
      { path: 'nope.nope' },
      {
        path: `entries.get,auth.me,nope.nope?batch=1&input=${q({ 0: { id }, 1: null })}`,
        init: { headers: auth },
      },
      {
        path: `entries.get,entries.get?batch=1&input=${q({ 0: { id }, 1: { id: -1 } })}`,
        init: { headers: auth },
      },
      { path: `entries.get,entries.get?batch=1&input=${q([{ id }])}`, init: { headers: auth } },
      { path: `entries.get,entries.create?batch=1&input=${q({})}`, init: { headers: auth } },
      {
        path: 'accounts.create',
        init: { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify(account) },
      },
      { path: 'accounts.create', init: { method: 'POST', headers: { ...auth, ...json }, body: '{"name":' } },
      { path: 'accounts.create', init: { method: 'POST', headers: auth, body: JSON.stringify(account) } },
      { path: 'entries.delete', init: { method: 'POST', headers: { ...auth, ...json }, body: '' } },
      {
        path: 'entries.delete,entries.delete?batch=1',
        init: { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify({ 0: { id: 999_999 } }) },
      },
      { path: `entries.get?input=${q({ id })}`, init: { method: 'POST', headers: { ...auth, ...json } } },
    ];
    for (const { path, init } of cases) {
      const [lean, stockAnswer] = await Promise.all(
        [leanUrl, stockUrl].map(async (base) => {
          const res = await fetch(`${base}/trpc/${path}`, init);
          const headers = ['content-type', 'vary', 'allow', 'retry-after'].map((name) =>
            res.headers.get(name),
          );
          // Request ids differ between two requests by design; everything else must not.
          const body = (await res.text()).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
          return { status: res.status, headers, body };
        }),
      );
      expect(lean, path).toEqual(stockAnswer);
    }
  });
});
