import { describe, expect, it } from 'vitest';
import { httpAdapterUnderTest, startServer } from './helpers.js';
import { cleanupsAfterEach } from './support/cleanups.js';

const cleanups = cleanupsAfterEach();

async function base(options: Parameters<typeof startServer>[0] = {}) {
  const started = await startServer(options);
  cleanups.push(() => started.server.close());
  return `${started.url}/trpc`;
}

const json = { 'content-type': 'application/json' };

describe(`HTTP transport (${httpAdapterUnderTest} adapter)`, () => {
  it('answers a query over GET and refuses it over POST with 405', async () => {
    const url = await base();
    const get = await fetch(`${url}/system.health`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { result: { data: { status: string } } }).result.data.status).toBe('ok');
    const post = await fetch(`${url}/system.health`, { method: 'POST', headers: json, body: '{}' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
      'METHOD_NOT_SUPPORTED',
    );
  });

  it('refuses a mutation over GET with 405 and an Allow header', async () => {
    const url = await base();
    const input = encodeURIComponent(JSON.stringify({ username: 'ann', password: 'correct horse battery' }));
    const res = await fetch(`${url}/auth.login?input=${input}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers each call of a batch in order', async () => {
    const url = await base();
    const res = await fetch(`${url}/system.health,system.version,nope.nope?batch=1&input=%7B%7D`);
    const body = (await res.json()) as { result?: unknown; error?: { data: { code: string } } }[];
    expect(body).toHaveLength(3);
    expect(body[0]?.result).toBeDefined();
    expect(body[1]?.result).toBeDefined();
    expect(body[2]?.error?.data.code).toBe('NOT_FOUND');
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const url = await base({ api: { maxImportBytes: 1_000 } }); // limit: 1 000 + 64 KiB
    const body = JSON.stringify({ username: 'x'.repeat(70_000), password: 'y' });
    const res = await fetch(`${url}/auth.login`, { method: 'POST', headers: json, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('streams a batch as JSON lines when asked with trpc-accept: application/jsonl', async () => {
    const url = await base();
    const res = await fetch(`${url}/system.health,system.version?batch=1&input=%7B%7D`, {
      headers: { 'trpc-accept': 'application/jsonl' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await res.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3); // head + one chunk per call
  });

  it('sends CORS headers only to listed origins and answers their preflight', async () => {
    const url = await base({ corsOrigins: ['https://app.example'] });
    const listed = await fetch(`${url}/system.health`, { headers: { origin: 'https://app.example' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const unlisted = await fetch(`${url}/system.health`, { headers: { origin: 'https://evil.example' } });
    expect(unlisted.status).toBe(200);
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/auth.login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
