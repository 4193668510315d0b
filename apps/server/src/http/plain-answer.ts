import type { ServerResponse } from 'node:http';
import type { ResponseMeta } from '@trpc/server/http';

/** A complete, non-streamed HTTP answer: status, header name/value pairs and a JSON body. */
export interface PlainAnswer {
  readonly status: number;
  /** Flat `[name, value, name, value, …]`, lower-case names, as `writeHead` takes them. */
  readonly headers: readonly string[];
  readonly body: string;
}

/** What `resolveResponse` sends on every JSON answer, in the order it iterates them. */
const JSON_HEADERS: readonly string[] = ['content-type', 'application/json', 'vary', 'trpc-accept, accept'];

/**
 * The answer `resolveResponse` builds for a JSON body: its two headers, plus those `responseMeta`
 * gave (merged as it merges them, through a `Headers`), and `responseMeta`'s status if it set one.
 */
export function toPlainAnswer(status: number, body: string, meta: ResponseMeta | undefined): PlainAnswer {
  if (!meta?.headers) return { status: meta?.status || status, headers: JSON_HEADERS, body };
  const headers = new Headers([
    ['vary', 'trpc-accept, accept'],
    ['content-type', 'application/json'],
  ]);
  if (meta.headers instanceof Headers) {
    for (const [key, value] of meta.headers.entries()) headers.append(key, value);
  } else {
    for (const [key, value] of Object.entries(meta.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(key, item);
      else if (typeof value === 'string') headers.set(key, value);
    }
  }
  const flat: string[] = [];
  for (const [key, value] of headers) if (key !== 'set-cookie') flat.push(key, value);
  for (const cookie of headers.getSetCookie()) flat.push('set-cookie', cookie);
  return { status: meta.status || status, headers: flat, body };
}

/** Writes the answer with `Content-Length` in one `end()`: headers and body leave in one write. */
export function writePlainAnswer(answer: PlainAnswer, res: ServerResponse): void {
  res.writeHead(answer.status, [...answer.headers, 'content-length', String(Buffer.byteLength(answer.body))]);
  res.end(answer.body);
}
