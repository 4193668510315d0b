import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { signIn } from './support/clients.js';

const PASSWORD = 'correct horse battery';
let started: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  started = await startServer();
  for (const name of ['victim', 'bystander']) await (await signIn(started.url, name)).client.close();
});
afterAll(async () => {
  await started?.server.close();
});

/** POSTs `auth.login` from a chosen loopback source address. */
function login(username: string, password: string, localAddress = '127.0.0.1') {
  const body = JSON.stringify({ username, password });
  const { port } = new URL(started.url);
  return new Promise<{
    status: number;
    retryAfter: string | undefined;
    json: { error?: { message: string; data: Record<string, unknown> } };
  }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/trpc/auth.login',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            json: JSON.parse(text),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('login failures', () => {
  it('answer an unknown user and a wrong password identically', async () => {
    const unknown = await login('nobody-here', 'whatever password', '127.0.0.3');
    const wrong = await login('bystander', 'whatever password', '127.0.0.4');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (r: typeof unknown) => ({
      ...r.json.error,
      data: { ...r.json.error?.data, requestId: null },
    });
    expect(strip(unknown)).toEqual(strip(wrong));
  });

  it('are throttled per username (from any address) and per address (for any username), with a retry-after', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login('victim', `wrong password ${i}`)).status).toBe(401);
    // The right password, from another address: the username is locked out.
    const locked = await login('victim', PASSWORD, '127.0.0.2');
    expect(locked.status).toBe(429);
    expect(locked.json.error?.data).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfterMs: expect.any(Number),
    });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    // Another user from the address that failed five times: the address is locked out.
    expect((await login('bystander', PASSWORD, '127.0.0.1')).status).toBe(429);
    // That user from a clean address logs in.
    expect((await login('bystander', PASSWORD, '127.0.0.2')).status).toBe(200);
  });
});
