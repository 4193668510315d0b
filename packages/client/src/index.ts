import type { CofferClientOptions } from './client-options.js';
import { type CofferClient, createClient } from './create-client.js';
import { nodePlatform } from './platform-node.js';

export * from './exports.js';

/**
 * Creates a client for a Coffer server: queries and mutations batched over HTTP, subscriptions
 * over one WebSocket (keep-alive, reconnect with jittered backoff, tracked subscriptions resume),
 * falling back to Server-Sent Events when no WebSocket can be opened.
 *
 * @example
 * ```ts
 * const client = createCofferClient({ url: 'http://127.0.0.1:4400' });
 * const health = await client.trpc.system.health.query();
 * const sub = client.trpc.system.clock.subscribe({}, { onData: ({ data }) => console.log(data.now) });
 * client.connection.subscribe(({ state, transport }) => console.log(state, transport));
 * await client.close();
 * ```
 */
export function createCofferClient(options: CofferClientOptions): CofferClient {
  return createClient(options, nodePlatform);
}
