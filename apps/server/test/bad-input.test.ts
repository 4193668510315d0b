import { isTRPCClientError } from '@coffer/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { type SignedIn, signIn } from './support/clients.js';

type Kind = 'query' | 'mutation' | 'subscription';
const uuid = '00000000-0000-4000-8000-000000000000';

/** Every procedure that takes input, with one valid input. */
const procedures: Record<string, { kind: Kind; valid: Record<string, unknown> }> = {
  'auth.register': { kind: 'mutation', valid: { username: 'mallory', password: 'correct horse battery' } },
  'auth.login': { kind: 'mutation', valid: { username: 'nobody', password: 'correct horse battery' } },
  'auth.changePassword': {
    kind: 'mutation',
    valid: { oldPassword: 'not the password', newPassword: 'another long one' },
  },
  'accounts.list': { kind: 'query', valid: { includeArchived: true } },
  'accounts.create': { kind: 'mutation', valid: { name: 'Cash', kind: 'asset', currency: 'EUR' } },
  'accounts.update': { kind: 'mutation', valid: { id: 1, name: 'Wallet', kind: 'asset' } },
  'accounts.archive': { kind: 'mutation', valid: { id: 99 } },
  'entries.list': {
    kind: 'query',
    valid: { accountId: 1, from: '2025-01-01', to: '2025-12-31', limit: 10, minAmount: -5 },
  },
  'entries.get': { kind: 'query', valid: { id: 1 } },
  'entries.create': {
    kind: 'mutation',
    valid: { accountId: 1, date: '2025-01-01', amount: 100, payee: 'P', tags: ['t'] },
  },
  'entries.update': { kind: 'mutation', valid: { id: 1, patch: { amount: 5 } } },
  'entries.delete': { kind: 'mutation', valid: { id: 12_345 } },
  'entries.search': { kind: 'query', valid: { query: 'coffee', limit: 5 } },
  'entries.import': {
    kind: 'mutation',
    valid: { accountId: 1, sourceName: 'a.csv', csv: 'date,amount\n2025-01-01,1.00\n' },
  },
  'entries.export': { kind: 'subscription', valid: { accountId: 1 } },
  'reports.balances': { kind: 'query', valid: { asOf: '2025-01-31' } },
  'reports.monthly': { kind: 'query', valid: { from: '2025-01', to: '2025-03' } },
  'reports.netWorth': { kind: 'query', valid: { from: '2025-01', to: '2025-03' } },
  'tasks.list': { kind: 'query', valid: { status: ['running'] } },
  'tasks.get': { kind: 'query', valid: { id: uuid } },
  'tasks.cancel': { kind: 'mutation', valid: { id: uuid } },
  'tasks.onUpdate': { kind: 'subscription', valid: { taskId: uuid } },
  'live.changes': { kind: 'subscription', valid: { lastEventId: '0' } },
  'system.clock': { kind: 'subscription', valid: { intervalMs: 50 } },
};

interface Variant {
  name: string;
  input: unknown;
  /** The answer must be BAD_REQUEST carrying zod issues. */
  zod: boolean;
}

function variants(valid: Record<string, unknown>): Variant[] {
  const out: Variant[] = [{ name: 'an extra field', input: { ...valid, isAdmin: true }, zod: true }];
  out.push({ name: 'a string instead of the object', input: 'hello', zod: true });
  for (const [key, value] of Object.entries(valid)) {
    const { [key]: _dropped, ...rest } = valid;
    out.push({ name: `no ${key}`, input: rest, zod: false });
    out.push({ name: `${key} of the wrong type`, input: { ...valid, [key]: [[1]] }, zod: true });
    if (typeof value === 'string') {
      out.push({ name: `a huge ${key}`, input: { ...valid, [key]: 'x'.repeat(300_000) }, zod: false });
      out.push({
        name: `a unicode ${key}`,
        input: { ...valid, [key]: 'ü💥\u0000\u202e\ud800 名前' },
        zod: false,
      });
    }
    if (typeof value === 'number') {
      out.push({ name: `a NaN ${key}`, input: { ...valid, [key]: Number.NaN }, zod: true });
      out.push({ name: `a fractional ${key}`, input: { ...valid, [key]: value + 0.5 }, zod: true });
      out.push({ name: `an unsafe ${key}`, input: { ...valid, [key]: 2 ** 60 }, zod: true });
    }
  }
  return out;
}

type Answer = { ok: true } | { ok: false; status: number; code: string; zodError: unknown; message: string };

async function call(
  user: SignedIn,
  path: string,
  kind: Kind,
  input: unknown,
  waitMs: number,
): Promise<Answer> {
  const [group, name] = path.split('.') as [string, string];
  // biome-ignore lint/suspicious/noExplicitAny: the point is to send what the types forbid
  const procedure = (user.client.trpc as any)[group][name];
  const failure = async (error: unknown): Promise<Answer> => {
    if (!isTRPCClientError(error)) throw error;
    const data = error.data as { httpStatus: number; code: string; zodError: unknown } | undefined;
    if (data === undefined) {
      // Refused before tRPC saw it (a 300 kB query string: node:http answers 431 with no body,
      // which the client cannot parse); ask again without the client to read the status.
      const query = `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const res = await fetch(`${started.url}/trpc/${path}${query}`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      return { ok: false, status: res.status, code: 'HTTP', zodError: null, message: await res.text() };
    }
    return {
      ok: false,
      status: data.httpStatus,
      code: data.code,
      zodError: data.zodError,
      message: error.message,
    };
  };
  if (kind !== 'subscription') {
    return (kind === 'query' ? procedure.query(input) : procedure.mutate(input)).then(
      () => ({ ok: true }),
      failure,
    );
  }
  return new Promise<Answer>((resolve) => {
    const sub = procedure.subscribe(input, {
      onData: () => {
        sub.unsubscribe();
        resolve({ ok: true });
      },
      onComplete: () => resolve({ ok: true }),
      onError: (error: unknown) => resolve(failure(error)),
    });
    // A valid subscription may stay silent: no error within `waitMs` counts as accepted.
    setTimeout(() => {
      sub.unsubscribe();
      resolve({ ok: true });
    }, waitMs);
  });
}

let started: Awaited<ReturnType<typeof startServer>>;
let user: SignedIn;
beforeAll(async () => {
  started = await startServer();
  user = await signIn(started.url, 'fuzzer');
  await user.client.trpc.accounts.create.mutate({ name: 'Main', kind: 'asset', currency: 'EUR' });
});
afterAll(async () => {
  await user?.client.close();
  await started?.server.close();
});

describe('bad input for every procedure', () => {
  it.each(Object.entries(procedures))(
    '%s answers 4xx (with zod issues where the shape is wrong), never 5xx',
    async (path, { kind, valid }) => {
      const cases = variants(valid);
      // One call at a time over HTTP: a 300 kB query string is refused by node:http (431) before
      // tRPC sees it, which would fail every call batched with it.
      const answers: Answer[] = [];
      if (kind === 'subscription') {
        answers.push(
          ...(await Promise.all(cases.map((v) => call(user, path, kind, v.input, v.zod ? 15_000 : 2_000)))),
        );
      } else {
        for (const v of cases) answers.push(await call(user, path, kind, v.input, 0));
      }
      const report = cases.map((v, i) => ({ variant: v.name, zod: v.zod, answer: answers[i] as Answer }));
      const serverErrors = report.filter(
        (r) => !r.answer.ok && (r.answer.status >= 500 || r.answer.status < 400),
      );
      expect(serverErrors).toEqual([]);
      const shapeErrors = report.filter((r) => r.zod);
      expect(shapeErrors.length).toBeGreaterThan(0);
      for (const r of shapeErrors) {
        expect(r.answer, `${path} with ${r.variant}`).toMatchObject({
          ok: false,
          status: 400,
          code: 'BAD_REQUEST',
          zodError: expect.any(Object),
        });
      }
      const leaks = report.filter((r) => !r.answer.ok && /SQLITE|at .*\.ts:\d+/.test(r.answer.message));
      expect(leaks).toEqual([]);
    },
  );
});
