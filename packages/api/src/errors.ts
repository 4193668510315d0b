import type { CofferDbErrorCode } from '@coffer/db';
import type { TaskErrorCode } from '@coffer/tasks';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** Codes of `@coffer/sqlite-worker` errors (they pass through `@coffer/db` unchanged). */
type SqliteErrorCode =
  | 'COFFER_SQLITE_ERROR'
  | 'COFFER_SQLITE_WRONG_KEY'
  | 'COFFER_SQLITE_WORKER_CRASHED'
  | 'COFFER_SQLITE_QUERY_TIMEOUT'
  | 'COFFER_SQLITE_OVERLOADED'
  | 'COFFER_SQLITE_DATABASE_CLOSED'
  | 'COFFER_SQLITE_ABORTED'
  | 'COFFER_SQLITE_ENCRYPTION_UNSUPPORTED'
  | 'COFFER_SQLITE_TEMP_STORE';

/** Codes the API itself raises. */
export type ApiErrorCode =
  | 'COFFER_API_UNAUTHENTICATED'
  | 'COFFER_API_LOGIN_FAILED'
  | 'COFFER_API_THROTTLED'
  | 'COFFER_API_PAYLOAD_TOO_LARGE'
  | 'COFFER_API_TASK_NOT_FOUND'
  | 'COFFER_API_TOO_MANY_SUBSCRIPTIONS'
  | 'COFFER_API_TOO_MANY_CONNECTIONS';

/** Every `COFFER_*` code a procedure can meet. */
export type CofferErrorCode = CofferDbErrorCode | TaskErrorCode | SqliteErrorCode | ApiErrorCode;

/**
 * The one mapping from `COFFER_*` codes to tRPC codes. Typed as a total record, so a code added
 * to a package's union fails the build here until it is mapped.
 */
export const TRPC_CODE_OF: Readonly<Record<CofferErrorCode, TRPC_ERROR_CODE_KEY>> = {
  COFFER_DB_INVALID_INPUT: 'BAD_REQUEST',
  COFFER_DB_INVALID_USERNAME: 'BAD_REQUEST',
  COFFER_DB_INVALID_PASSWORD: 'BAD_REQUEST',
  COFFER_DB_USERNAME_TAKEN: 'CONFLICT',
  COFFER_DB_UNKNOWN_USER: 'UNAUTHORIZED',
  COFFER_DB_WRONG_PASSWORD: 'UNAUTHORIZED',
  COFFER_DB_LEDGER_LOCKED: 'UNAUTHORIZED',
  COFFER_DB_STORE_CLOSED: 'SERVICE_UNAVAILABLE',
  COFFER_DB_SCHEMA_TOO_NEW: 'INTERNAL_SERVER_ERROR',
  COFFER_DB_MIGRATION_FAILED: 'INTERNAL_SERVER_ERROR',
  COFFER_DB_NOT_FOUND: 'NOT_FOUND',
  COFFER_DB_ACCOUNT_NAME_TAKEN: 'CONFLICT',
  COFFER_DB_ACCOUNT_UNAVAILABLE: 'BAD_REQUEST',
  COFFER_DB_CHANGES_PRUNED: 'BAD_REQUEST',
  COFFER_DB_LOGIN_THROTTLED: 'TOO_MANY_REQUESTS',
  COFFER_DB_UNLOCK_BUSY: 'TOO_MANY_REQUESTS',
  COFFER_DB_CSV_LIMIT_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  COFFER_DB_CURRENCY_MISMATCH: 'BAD_REQUEST',
  COFFER_DB_TOTAL_OUT_OF_RANGE: 'UNPROCESSABLE_CONTENT',
  COFFER_DB_SEALED_KEY_INVALID: 'UNAUTHORIZED',
  COFFER_DB_UNSUPPORTED_BY_BACKEND: 'NOT_IMPLEMENTED',
  COFFER_TASK_FAILED: 'BAD_REQUEST',
  COFFER_TASK_INTERNAL: 'INTERNAL_SERVER_ERROR',
  COFFER_TASK_CANCELLED: 'CLIENT_CLOSED_REQUEST',
  COFFER_TASK_DUPLICATE: 'CONFLICT',
  COFFER_TASK_QUEUE_FULL: 'TOO_MANY_REQUESTS',
  COFFER_TASK_MANAGER_CLOSED: 'SERVICE_UNAVAILABLE',
  COFFER_TASK_EVENTS_OVERFLOW: 'TOO_MANY_REQUESTS',
  COFFER_SQLITE_ERROR: 'INTERNAL_SERVER_ERROR',
  COFFER_SQLITE_WRONG_KEY: 'UNAUTHORIZED',
  COFFER_SQLITE_WORKER_CRASHED: 'INTERNAL_SERVER_ERROR',
  COFFER_SQLITE_QUERY_TIMEOUT: 'TIMEOUT',
  COFFER_SQLITE_OVERLOADED: 'SERVICE_UNAVAILABLE',
  COFFER_SQLITE_DATABASE_CLOSED: 'SERVICE_UNAVAILABLE',
  COFFER_SQLITE_ABORTED: 'CLIENT_CLOSED_REQUEST',
  COFFER_SQLITE_ENCRYPTION_UNSUPPORTED: 'INTERNAL_SERVER_ERROR',
  COFFER_SQLITE_TEMP_STORE: 'INTERNAL_SERVER_ERROR',
  COFFER_API_UNAUTHENTICATED: 'UNAUTHORIZED',
  COFFER_API_LOGIN_FAILED: 'UNAUTHORIZED',
  COFFER_API_THROTTLED: 'TOO_MANY_REQUESTS',
  COFFER_API_PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  COFFER_API_TASK_NOT_FOUND: 'NOT_FOUND',
  COFFER_API_TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_REQUESTS',
  COFFER_API_TOO_MANY_CONNECTIONS: 'TOO_MANY_REQUESTS',
};

/** The one answer to a failed login, whether the user is unknown or the password wrong. */
export const LOGIN_FAILED_MESSAGE = 'Wrong username or password';

/** An error the API raises itself; `code` is stable, extra fields go to `error.data`. */
export class CofferApiError extends Error {
  /** Stable machine-readable code. */
  readonly code: ApiErrorCode;
  /** For `COFFER_API_THROTTLED`: when to try again. */
  readonly retryAfterMs: number | undefined;
  override readonly name = 'CofferApiError';

  constructor(code: ApiErrorCode, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The `COFFER_*` code of a thrown value, if it carries a known one. */
export function cofferCodeOf(error: unknown): CofferErrorCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(TRPC_CODE_OF, code)
    ? (code as CofferErrorCode)
    : undefined;
}

/**
 * Normalises anything a procedure throws into the `TRPCError` the client sees: known codes get
 * their mapped tRPC code (the original stays in `cause`); unknown errors become
 * `INTERNAL_SERVER_ERROR` with a generic message, so no SQLite text or stack leaves the process.
 */
export function toTRPCError(error: unknown): TRPCError {
  // tRPC wraps whatever a resolver throws in an INTERNAL_SERVER_ERROR whose cause is the original.
  const inner = error instanceof TRPCError && error.code === 'INTERNAL_SERVER_ERROR' ? error.cause : error;
  if (inner instanceof TRPCError) return inner;
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error;
  const code = cofferCodeOf(inner);
  if (code === undefined) {
    return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: inner });
  }
  const trpcCode = internalNotFound(inner) ? 'INTERNAL_SERVER_ERROR' : TRPC_CODE_OF[code];
  return new TRPCError({ code: trpcCode, message: publicMessage(code, trpcCode, inner), cause: inner });
}

function internalNotFound(error: unknown): boolean {
  return (error as { entity?: unknown }).entity === 'userDatabase';
}

function publicMessage(code: CofferErrorCode, trpcCode: TRPC_ERROR_CODE_KEY, error: unknown): string {
  if (code === 'COFFER_DB_UNKNOWN_USER' || code === 'COFFER_DB_WRONG_PASSWORD') return LOGIN_FAILED_MESSAGE;
  if (trpcCode === 'INTERNAL_SERVER_ERROR') return 'Internal error';
  return error instanceof Error ? error.message : String(error);
}
