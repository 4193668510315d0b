import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';

type Schema = Record<string, unknown>;
type Operation = {
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: { 'application/json': { schema: Schema } } }>;
};
type OpenApi = {
  paths: Record<string, Record<'get' | 'post', Operation | undefined>>;
  components: { schemas: { Error: Schema } };
};

let started: Awaited<ReturnType<typeof startServer>>;
let doc: OpenApi;
const ajv = new Ajv2020({ strict: false });

beforeAll(async () => {
  started = await startServer();
  const res = await fetch(`${started.url}/openapi.json`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as OpenApi;
}, 60_000);
afterAll(() => started?.server.close(), 30_000);

/**
 * Calls a procedure using only what the document says: its method, where its input goes and
 * whether it wants the bearer token. Answers the status, the body and the operation.
 */
async function callAsDocumented(procedure: string, input: unknown, token?: string) {
  const entry = Object.entries(doc.paths).find(([path]) => path.endsWith(`/${procedure}`));
  if (!entry) throw new Error(`${procedure} is not in the document`);
  const [path, item] = entry;
  const method = item.get ? 'get' : 'post';
  const operation = item[method] as Operation;
  const url = new URL(path, started.url);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (operation.security.some((requirement) => 'bearer' in requirement) && token) {
    headers.authorization = `Bearer ${token}`;
  }
  const param = operation.parameters?.find((p) => p.in === 'query');
  if (input !== undefined && param) url.searchParams.set(param.name, JSON.stringify(input));
  if (input !== undefined && operation.requestBody) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input);
  }
  const res = await fetch(url, { method: method.toUpperCase(), headers, ...(body ? { body } : {}) });
  return { status: res.status, body: (await res.json()) as unknown, operation };
}

function expectMatches(schema: Schema, value: unknown): void {
  const check = ajv.compile(schema);
  expect(check(value), ajv.errorsText(check.errors)).toBe(true);
}

describe('API docs served by the server', () => {
  it('a documented register, mutation and authenticated query work and answer the documented shapes', async () => {
    const registered = await callAsDocumented('auth.register', {
      username: 'openapi-user',
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(200);
    const ok = (call: { operation: Operation }) =>
      call.operation.responses['200']?.content?.['application/json'].schema as Schema;
    expectMatches(ok(registered), registered.body);
    const { token } = (registered.body as { result: { data: { token: string } } }).result.data;

    const created = await callAsDocumented(
      'accounts.create',
      { name: 'Cash', kind: 'asset', currency: 'EUR' },
      token,
    );
    expect(created.status).toBe(200);
    expectMatches(ok(created), created.body);

    const listed = await callAsDocumented('accounts.list', { includeArchived: true }, token);
    expect(listed.status).toBe(200);
    expectMatches(ok(listed), listed.body);
    expect((listed.body as { result: { data: { name: string }[] } }).result.data.map((a) => a.name)).toEqual([
      'Cash',
    ]);

    const me = await callAsDocumented('auth.me', undefined, token);
    expect(me.status).toBe(200);
    expectMatches(ok(me), me.body);

    // The answers are checked against the document, not accepted by any schema.
    const wrong = structuredClone(listed.body) as { result: { data: Record<string, unknown>[] } };
    delete wrong.result.data[0]?.currency;
    expect(ajv.compile(ok(listed))(wrong)).toBe(false);
  });

  it('failures answer the documented error envelope', async () => {
    const anonymous = await callAsDocumented('accounts.list', undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.operation.responses['401']).toBeDefined();
    expectMatches(doc.components.schemas.Error, anonymous.body);

    const invalid = await callAsDocumented('auth.login', { username: '', password: 'x' });
    expect(invalid.status).toBe(400);
    expectMatches(doc.components.schemas.Error, invalid.body);
    const { data } = (invalid.body as { error: { data: { zodError: unknown } } }).error;
    expect(data.zodError).toMatchObject({ fieldErrors: { username: expect.any(Array) } });
  });

  it('/docs is an HTML page whose scripts and styles all come from this server', async () => {
    const res = await fetch(`${started.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const assets = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThan(0);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets) {
      expect(asset, asset).toMatch(/^\/(?!\/)/);
      const loaded = await fetch(new URL(asset, started.url));
      expect(loaded.status, asset).toBe(200);
      expect((await loaded.text()).length, asset).toBeGreaterThan(100_000);
    }
    expect(html).toContain("url: '/openapi.json'");
    // Scalar's bundle still asks its CDN for fonts: the policy keeps the page on this origin.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("font-src 'self' data:");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('answers only GET and HEAD on the docs routes', async () => {
    const head = await fetch(`${started.url}/openapi.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    const post = await fetch(`${started.url}/openapi.json`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
    await post.body?.cancel();
  });
});
