import { isCofferError, type ZodIssues } from '@coffer/client';

/** One line a person can act on, for any error a call rejected with. */
export function explainError(error: unknown): string {
  if (isCofferError(error, 'COFFER_API_LOGIN_FAILED')) return 'Wrong username or password.';
  if (isCofferError(error, 'COFFER_DB_USERNAME_TAKEN')) return 'That username is taken: log in instead.';
  if (isCofferError(error, 'TOO_MANY_REQUESTS')) return 'Too many attempts: wait a moment and try again.';
  if (isCofferError(error, 'BAD_REQUEST')) {
    const fields: ZodIssues['fieldErrors'] = error.data.zodError?.fieldErrors ?? {};
    for (const [field, messages] of Object.entries(fields)) {
      if (messages?.[0] !== undefined) return `${field}: ${messages[0]}`;
    }
    return error.message;
  }
  if (isCofferError(error)) return error.message;
  return 'The server cannot be reached. Is it running?';
}
