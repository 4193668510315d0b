import type { ServerResponse } from 'node:http';

/**
 * Writes a Fetch `Response` from `resolveResponse` to Node. A non-streamed answer (tRPC builds
 * those from one string) goes out with `Content-Length` in a single `writeHead` + `end()`, so no
 * chunked encoding; a streamed one (JSONL batch stream, SSE) is piped chunk by chunk, waiting for
 * `drain`, until it ends or `signal` aborts (the client went away).
 */
export async function writeFetchResponse(
  response: Response,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const head: string[] = [];
  let streamed = false;
  for (const [key, value] of response.headers) {
    if (key === 'set-cookie') continue;
    if (key === 'transfer-encoding' || (key === 'content-type' && value.startsWith('text/event-stream'))) {
      streamed = true;
    }
    head.push(key, value);
  }
  for (const cookie of response.headers.getSetCookie()) head.push('set-cookie', cookie);
  if (!streamed || response.body === null) {
    const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
    head.push('content-length', String(body?.byteLength ?? 0));
    res.writeHead(response.status, head);
    res.end(body);
    return;
  }
  res.writeHead(response.status, head);
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    res.end();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
