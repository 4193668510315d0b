import type { AnyProcedure, TRPCRouterRecord } from '@trpc/server';
import type { AppRouter } from '../router.js';

/** Dotted paths of the queries and mutations in a router record (subscriptions excluded). */
type HttpProcedurePaths<R, Prefix extends string = ''> = {
  [K in keyof R & string]: R[K] extends AnyProcedure
    ? R[K]['_def']['type'] extends 'query' | 'mutation'
      ? `${Prefix}${K}`
      : never
    : R[K] extends TRPCRouterRecord
      ? HttpProcedurePaths<R[K], `${Prefix}${K}.`>
      : never;
}[keyof R & string];

/** The path of every query and mutation of the Coffer router, e.g. `'accounts.list'`. */
export type HttpProcedurePath = HttpProcedurePaths<AppRouter['_def']['record']>;

/**
 * One line per query and mutation, shown as the operation's summary in the OpenAPI document.
 * A total record: a procedure added to the router fails the build here until it is described.
 */
export const PROCEDURE_SUMMARIES: Readonly<Record<HttpProcedurePath, string>> = {
  'auth.register': 'Creates a user and their encrypted ledger, and signs them in.',
  'auth.login':
    'Unlocks the user’s ledger and starts a session; failures are throttled per username and per address.',
  'auth.logout': 'Ends this session.',
  'auth.me': 'Who this session belongs to.',
  'auth.changePassword':
    'Re-encrypts the ledger under a new password, as a task; on success every other session ends.',
  'accounts.list': 'Every account by name; archived ones only with `includeArchived`.',
  'accounts.create': 'Creates an account (`CONFLICT` if the name is taken).',
  'accounts.update': 'Renames or re-kinds an account (the currency never changes).',
  'accounts.archive': 'Archives an account: it keeps its entries and refuses new ones.',
  'entries.list': 'Filtered list, newest first; pass `nextCursor` back as `cursor` for the next page.',
  'entries.get': 'One entry (`NOT_FOUND` if it is not in this user’s ledger).',
  'entries.create': 'Creates an entry in an open account of the same ledger.',
  'entries.update': 'Changes the given fields of an entry.',
  'entries.delete': 'Deletes an entry.',
  'entries.search': 'Full-text search over payee, memo and category (prefix terms, ranked, with snippets).',
  'entries.import':
    'Imports CSV text as a background task and answers its id at once (progress on `tasks.onUpdate`).',
  'reports.balances': 'Every account’s balance at the end of `asOf`, and net worth per currency.',
  'reports.monthly': 'Totals per month × category × currency for months `from`..`to` (inclusive).',
  'reports.netWorth': 'Net worth at each month end of `from`..`to`, one series per currency.',
  'tasks.list': 'The caller’s tasks (active and recently finished), optionally by status.',
  'tasks.get': 'One of the caller’s tasks.',
  'tasks.cancel': 'Cancels one of the caller’s tasks; `cancelled` is false if it had already finished.',
  'system.health': 'Liveness: `status`, uptime in seconds and the server’s version.',
  'system.version': 'The server’s version.',
};
