import { compileErrors, validate } from '@readme/openapi-parser';
import type { AnyProcedure } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, createOpenApiDocument, PROCEDURE_SUMMARIES } from '../src/index.js';

type Operation = {
  operationId: string;
  summary: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const httpProcedures = procedures.filter(([, p]) => p._def.type === 'query' || p._def.type === 'mutation');
const doc = createOpenApiDocument({ version: '1.2.3' });
const operationOf = (path: string, method: 'get' | 'post') =>
  (doc.paths[`/trpc/${path}`] as Record<string, Operation> | undefined)?.[method];

describe('createOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect((doc.info as { version: string }).version).toBe('1.2.3');
  });

  it('documents every query as GET and every mutation as POST, and nothing else', () => {
    expect(httpProcedures.length).toBeGreaterThan(20);
    for (const [path, procedure] of httpProcedures) {
      const method = procedure._def.type === 'query' ? 'get' : 'post';
      const operation = operationOf(path, method);
      expect(operation?.operationId, path).toBe(path);
      expect(operation?.summary, path).toBe(PROCEDURE_SUMMARIES[path as keyof typeof PROCEDURE_SUMMARIES]);
      expect(operation?.summary.length, path).toBeGreaterThan(5);
      const data = operation?.responses['200']?.content?.['application/json']?.schema;
      expect(data?.required, path).toEqual(['result']);
    }
    expect(Object.keys(doc.paths).sort()).toEqual(httpProcedures.map(([path]) => `/trpc/${path}`).sort());
  });

  it('leaves subscriptions out (they need WebSocket or SSE)', () => {
    const subscriptions = procedures.filter(([, p]) => p._def.type === 'subscription').map(([path]) => path);
    expect(subscriptions).toContain('live.changes');
    for (const path of subscriptions) expect(doc.paths[`/trpc/${path}`], path).toBeUndefined();
  });

  it('marks public procedures as needing no token and the rest as bearer-authenticated', () => {
    expect(operationOf('auth.login', 'post')?.security).toEqual([]);
    expect(operationOf('auth.register', 'post')?.security).toEqual([]);
    expect(operationOf('system.health', 'get')?.security).toEqual([]);
    expect(operationOf('accounts.list', 'get')?.security).toEqual([{ bearer: [] }]);
    expect(operationOf('auth.logout', 'post')?.security).toEqual([{ bearer: [] }]);
    expect(operationOf('accounts.list', 'get')?.responses['401']).toBeDefined();
  });

  it('puts query input in the `input` query parameter and mutation input in the body', () => {
    expect(operationOf('entries.get', 'get')?.parameters).toMatchObject([
      { name: 'input', in: 'query', required: true },
    ]);
    expect(operationOf('accounts.list', 'get')?.parameters).toMatchObject([
      { name: 'input', in: 'query', required: false },
    ]);
    expect(operationOf('system.health', 'get')?.parameters).toBeUndefined();
    expect(operationOf('accounts.create', 'post')?.requestBody).toMatchObject({ required: true });
    expect(operationOf('auth.logout', 'post')?.requestBody).toBeUndefined();
  });

  it('follows the server’s base path', () => {
    const moved = createOpenApiDocument({ version: '1', basePath: '/api/' });
    expect(Object.keys(moved.paths)).toContain('/api/accounts.list');
  });

  it('rejects a missing version with a TypeError naming the option', () => {
    expect(() => createOpenApiDocument({} as never)).toThrow(/options\.version/);
  });
});
