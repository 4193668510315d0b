import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';

const INDEX = '<!doctype html><title>Coffer test app</title><div id="root"></div>';
const SCRIPT = 'console.log("app");';
const SECRET = 'top secret, outside the web dir';
const DOTFILE = 'TOKEN=never-served';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request whose path goes on the wire exactly as written (fetch would normalise `..`). */
function raw(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let base: string;
let started: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'coffer-web-dir-'));
  const webDir = join(base, 'web');
  await mkdir(join(webDir, 'assets'), { recursive: true });
  await writeFile(join(webDir, 'index.html'), INDEX);
  await writeFile(join(webDir, 'assets', 'index-Bq3xY9.js'), SCRIPT);
  await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(webDir, '.env'), DOTFILE);
  await writeFile(join(base, 'secret.txt'), SECRET);
  started = await startServer({ webDir });
}, 60_000);
afterAll(async () => {
  await started?.server.close();
  await rm(base, { recursive: true, force: true });
}, 30_000);

describe('the web app served at /', () => {
  it('serves index.html at / for revalidation (ETag, no-cache) and answers 304 to a matching ETag', async () => {
    const res = await raw(started.url, '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await raw(started.url, '/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('caches the hashed assets for a year, with their content type, and answers HEAD without a body', async () => {
    const res = await raw(started.url, '/assets/index-Bq3xY9.js');
    expect(res.status).toBe(200);
    expect(res.body).toBe(SCRIPT);
    expect(res.headers['content-type']).toBe('text/javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const head = await raw(started.url, '/assets/index-Bq3xY9.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(SCRIPT)));
    expect(head.body).toBe('');
    const icon = await raw(started.url, '/favicon.svg');
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it("answers index.html for the app's own routes and 404 for a missing file with an extension", async () => {
    const route = await raw(started.url, '/entries/search?q=rent');
    expect(route.status).toBe(200);
    expect(route.body).toBe(INDEX);
    const missing = await raw(started.url, '/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(missing.body).not.toContain('<!doctype html>');
  });

  it('never serves a file outside the web dir, nor a dotfile, whatever the path', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '//../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/.env',
      '/assets/../.env',
      '/%2eenv',
    ];
    for (const path of attempts) {
      const res = await raw(started.url, path);
      expect(res.body, path).not.toContain(SECRET);
      expect(res.body, path).not.toContain(DOTFILE);
      expect([200, 404], path).toContain(res.status);
      if (res.status === 200) expect(res.body, path).toBe(INDEX);
    }
  });

  it('leaves the API, its docs and the 404 for other methods as they were', async () => {
    const health = await fetch(`${started.url}/trpc/system.health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ result: { data: { status: 'ok' } } });
    const doc = await fetch(`${started.url}/openapi.json`);
    expect(doc.headers.get('content-type')).toMatch(/^application\/json/);
    const post = await raw(started.url, '/', { method: 'POST' });
    expect(post.status).toBe(404);
    expect(JSON.parse(post.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('a web dir without a built app', () => {
  it('starts anyway and answers / with how to build the app', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'coffer-web-empty-'));
    const server = await startServer({ webDir: empty });
    try {
      const res = await raw(server.url, '/');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toContain('pnpm build');
      expect((await raw(server.url, '/assets/x.js')).status).toBe(404);
    } finally {
      await server.server.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
