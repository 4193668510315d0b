import type { CofferClientOptions } from './client-options.js';
import { type CofferClient, createClient } from './create-client.js';
import { browserPlatform } from './platform-browser.js';

export * from './exports.js';

/**
 * Creates a client for a Coffer server (the browser build: the platform's own `WebSocket` and
 * `EventSource`, nothing from Node). See the Node entry for the full description.
 *
 * @example
 * ```ts
 * const client = createCofferClient({ url: location.origin });
 * ```
 */
export function createCofferClient(options: CofferClientOptions): CofferClient {
  return createClient(options, browserPlatform);
}
