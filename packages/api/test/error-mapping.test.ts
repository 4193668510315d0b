import { InvalidInputError, NotFoundError, UnknownUserError, WrongPasswordError } from '@coffer/db';
import { TaskQueueFullError } from '@coffer/tasks';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { CofferApiError, LOGIN_FAILED_MESSAGE, toTRPCError } from '../src/index.js';

describe('toTRPCError', () => {
  it('maps COFFER_* codes through the one table, keeping the original as cause', () => {
    const notFound = new NotFoundError('entry', 7);
    expect(toTRPCError(notFound)).toMatchObject({ code: 'NOT_FOUND', cause: notFound });
    expect(toTRPCError(new InvalidInputError('date', 'bad')).code).toBe('BAD_REQUEST');
    expect(toTRPCError(new TaskQueueFullError('full')).code).toBe('TOO_MANY_REQUESTS');
    expect(toTRPCError(new CofferApiError('COFFER_API_THROTTLED', 'wait', { retryAfterMs: 5 })).code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('unwraps what tRPC wrapped in INTERNAL_SERVER_ERROR', () => {
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new NotFoundError('account', 1) });
    expect(toTRPCError(wrapped).code).toBe('NOT_FOUND');
  });

  it('answers an unknown user exactly as a wrong password', () => {
    const unknown = toTRPCError(new UnknownUserError());
    const wrong = toTRPCError(new WrongPasswordError());
    expect([unknown.code, unknown.message]).toEqual(['UNAUTHORIZED', LOGIN_FAILED_MESSAGE]);
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
  });

  it('hides anything unknown behind a generic internal error', () => {
    const sqlite = Object.assign(new Error('SQLITE_CORRUPT: database disk image is malformed'), {
      code: 'SQLITE_CORRUPT',
    });
    const mapped = toTRPCError(sqlite);
    expect(mapped.code).toBe('INTERNAL_SERVER_ERROR');
    expect(mapped.message).toBe('Internal error');
    expect(mapped.cause).toBe(sqlite);
    expect(toTRPCError(new NotFoundError('userDatabase', 'x')).code).toBe('INTERNAL_SERVER_ERROR');
  });
});
