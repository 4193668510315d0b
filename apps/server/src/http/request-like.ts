import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Read-only `Headers` surface over Node's already-parsed header object: `get` and `has` are all
 * `resolveResponse` reads from a request's headers, so no `Headers` is built per request.
 */
export class NodeRequestHeaders {
  readonly #headers: IncomingHttpHeaders;

  /** Wraps `req.headers` (keys are lower-case already). */
  constructor(headers: IncomingHttpHeaders) {
    this.#headers = headers;
  }

  /** The header's value (repeated ones joined with `, `), or `null`. */
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Whether the request carries the header. */
  has(name: string): boolean {
    return this.#headers[name.toLowerCase()] !== undefined;
  }
}

/** The request body as read by the lean handler: its bytes, or why it was refused. */
export type ReadBody = { readonly bytes: Buffer } | { readonly error: Error };

/**
 * The part of a Fetch `Request` that tRPC 11's `resolveResponse` uses for JSON and GET calls:
 * `url`, `method`, `headers.get/has`, `signal` and `text()`. Bodies of other content types
 * (multipart, octet-stream) get a real `Request` instead — see {@link toFetchRequest}.
 */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: NodeRequestHeaders;
  readonly signal: AbortSignal;
  text(): Promise<string>;
}

/** Origin for the URL tRPC parses: it reads only the path and the query string from it. */
const ORIGIN = 'http://localhost';
const EMPTY = Buffer.alloc(0);

class LeanRequest implements RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: NodeRequestHeaders;
  readonly signal: AbortSignal;
  readonly #body: ReadBody;

  constructor(req: IncomingMessage, body: ReadBody, signal: AbortSignal) {
    this.url = ORIGIN + (req.url ?? '/');
    this.method = req.method ?? 'GET';
    this.headers = new NodeRequestHeaders(req.headers);
    this.signal = signal;
    this.#body = body;
  }

  text(): Promise<string> {
    const body = this.#body;
    return 'error' in body ? Promise.reject(body.error) : Promise.resolve(body.bytes.toString('utf8'));
  }
}

/**
 * The request object handed to `resolveResponse`: a {@link RequestLike} for GET and JSON bodies
 * (the common case, no `Headers`/`Request`/stream allocation), a real Fetch `Request` for other
 * content types so multipart and octet-stream parsing keep working unchanged.
 */
export function toFetchRequest(
  req: IncomingMessage,
  body: ReadBody,
  signal: AbortSignal,
): RequestLike | Request {
  const type = req.headers['content-type'];
  if (type === undefined || type.toLowerCase().startsWith('application/json') || 'error' in body) {
    return new LeanRequest(req, body, signal);
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.append(key, value);
  }
  const method = req.method ?? 'POST';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(ORIGIN + (req.url ?? '/'), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: new Uint8Array(body.bytes.length ? body.bytes : EMPTY) } : {}),
  });
}
