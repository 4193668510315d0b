import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'authorization, content-type, trpc-accept, last-event-id';
const MAX_AGE = '600';

/**
 * CORS from an allow-list of exact origins (`https://app.example`). A request whose `Origin` is
 * listed gets `Access-Control-Allow-Origin` for it (and `Vary: Origin`); a preflight (`OPTIONS`) is
 * answered here with 204. Unlisted origins get no CORS headers, so browsers refuse the answer.
 * Returns `true` when it answered the request itself. Used for the API path only.
 */
export function createCors(
  origins: readonly string[],
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    const listed = origin !== undefined && allowed.has(origin);
    if (listed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method !== 'OPTIONS') return false;
    if (listed) {
      res.setHeader('access-control-allow-methods', ALLOW_METHODS);
      res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
      res.setHeader('access-control-max-age', MAX_AGE);
    }
    res.writeHead(204, { 'content-length': '0' });
    res.end();
    return true;
  };
}
