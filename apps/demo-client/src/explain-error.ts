import { isCofferError, isTRPCClientError } from '@coffer/client';

/**
 * One line a person can act on, for the failures a demo user meets: server down, wrong password,
 * expired session, throttling; anything else is its message.
 */
export function explainError(error: unknown, url: string): string {
  if (isCofferError(error, 'COFFER_API_LOGIN_FAILED')) {
    return 'wrong username or password (use --user/--password, or another username to create a new user)';
  }
  if (isCofferError(error, 'UNAUTHORIZED')) {
    return 'your session has expired or was ended: run the demo again to log in';
  }
  if (isCofferError(error, 'TOO_MANY_REQUESTS')) {
    const retryAfterMs = (error.data as { retryAfterMs?: unknown }).retryAfterMs;
    const wait = typeof retryAfterMs === 'number' ? ` in ${Math.ceil(retryAfterMs / 1000)} s` : ' later';
    return `too many attempts: try again${wait}`;
  }
  if (isTRPCClientError(error) && !isCofferError(error)) {
    return `cannot reach the Coffer server at ${url}: start it with \`pnpm start\` (or pass --url)`;
  }
  return error instanceof Error ? error.message : String(error);
}
