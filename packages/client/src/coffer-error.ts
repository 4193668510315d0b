import type { AppRouter } from '@coffer/api/router';
import { isTRPCClientError, type TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** A tRPC error code (`'UNAUTHORIZED'`, `'BAD_REQUEST'`, …) or a Coffer code (`'COFFER_…'`). */
export type CofferErrorCode = TRPC_ERROR_CODE_KEY | `COFFER_${string}`;

/** The flattened zod issues of an invalid input (zod's `flattenError`), by field and for the whole input. */
export interface ZodIssues {
  readonly formErrors: readonly string[];
  readonly fieldErrors: Readonly<Record<string, readonly string[] | undefined>>;
}

/** What a Coffer server puts in `error.data`. */
export interface CofferErrorData {
  /** The tRPC code, e.g. `'UNAUTHORIZED'`. */
  readonly code: TRPC_ERROR_CODE_KEY;
  readonly httpStatus: number;
  /** The procedure's path, when the error came from one. */
  readonly path?: string;
  /** The stable `COFFER_*` code of the server-side error, when there was one. */
  readonly cofferCode?: `COFFER_${string}` | null;
  /** The flattened zod issues of an invalid input (`BAD_REQUEST`), else `null`. */
  readonly zodError: ZodIssues | null;
}

/** An error thrown by a Coffer call, narrowed by {@link isCofferError}. */
export type CofferError = TRPCClientError<AppRouter> & { readonly data: CofferErrorData };

/**
 * Whether `error` is an error answered by a Coffer server and, when `code` is given, carries that
 * tRPC code or that `COFFER_*` code. Network failures (no `data`) are not Coffer errors.
 *
 * @example
 * ```ts
 * function explain(error: unknown): string {
 *   if (isCofferError(error, 'BAD_REQUEST')) return JSON.stringify(error.data.zodError?.fieldErrors);
 *   if (isCofferError(error, 'UNAUTHORIZED')) return 'please log in again';
 *   throw error;
 * }
 * ```
 */
export function isCofferError(error: unknown, code?: CofferErrorCode): error is CofferError {
  if (!isTRPCClientError(error)) return false;
  const data: unknown = error.data;
  if (data === null || typeof data !== 'object' || typeof (data as { code?: unknown }).code !== 'string') {
    return false;
  }
  const { code: trpcCode, cofferCode } = data as { code: string; cofferCode?: unknown };
  return code === undefined || code === trpcCode || code === cofferCode;
}
