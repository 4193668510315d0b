import { CofferApiError } from '../errors.js';
import type { SubscriberConnection } from './subscriber-connection.js';

/**
 * What a subscription does when its queue overflows: shed its connection (the client reconnects
 * after a backoff and resumes), or, with no connection to shed (an in-process caller), fail with
 * `COFFER_API_THROTTLED`.
 */
export function overflowAction(
  connection: SubscriberConnection | null,
  what: string,
): () => CofferApiError | undefined {
  return () => {
    if (connection === null) return new CofferApiError('COFFER_API_THROTTLED', `${what} fell too far behind`);
    connection.shed(`${what} fell too far behind`);
    return undefined;
  };
}
