import { describe, expect, expectTypeOf, it } from 'vitest';
import { type CofferError, createCofferClient, isCofferError, TRPCClientError } from '../src/index.js';

/** An error as the client builds it from a server's wire answer. */
function answered(data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { code: -32001, message: 'denied', data } });
}

describe('isCofferError', () => {
  const unauthorized = answered({
    code: 'UNAUTHORIZED',
    httpStatus: 401,
    cofferCode: 'COFFER_SESSION_EXPIRED',
    zodError: null,
  });

  it('matches any Coffer error without a code, and the tRPC or COFFER_* code given', () => {
    expect(isCofferError(unauthorized)).toBe(true);
    expect(isCofferError(unauthorized, 'UNAUTHORIZED')).toBe(true);
    expect(isCofferError(unauthorized, 'COFFER_SESSION_EXPIRED')).toBe(true);
    expect(isCofferError(unauthorized, 'FORBIDDEN')).toBe(false);
    expect(isCofferError(unauthorized, 'COFFER_WRONG_PASSWORD')).toBe(false);
  });

  it('rejects what no server answered: plain errors, non-errors, network failures', async () => {
    expect(isCofferError(new Error('x'))).toBe(false);
    expect(isCofferError('UNAUTHORIZED')).toBe(false);
    expect(isCofferError(null)).toBe(false);
    const client = createCofferClient({ url: 'http://127.0.0.1:1', transport: 'sse' });
    const refused = await client.trpc.system.health.query().catch((error: unknown) => error);
    await client.close();
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(isCofferError(refused)).toBe(false);
  });

  it('narrows to the error data with the zod issues of an invalid input', () => {
    const invalid: unknown = answered({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      zodError: { formErrors: [], fieldErrors: { intervalMs: ['Too small'] } },
    });
    if (!isCofferError(invalid, 'BAD_REQUEST')) throw new Error('expected a Coffer error');
    expectTypeOf(invalid).toExtend<CofferError>();
    expect(invalid.data.zodError?.fieldErrors).toEqual({ intervalMs: ['Too small'] });
    expect(invalid.data.cofferCode).toBeUndefined();
  });
});
