import { WebSocket } from 'ws';

/** One tRPC response message as the WebSocket adapter sends it. */
export interface RawResponse {
  id: number | string | null;
  result?: { type: string; id?: string; data?: unknown };
  error?: { message: string; data?: { code?: string } };
}

/**
 * A bare `ws` client speaking tRPC's WebSocket protocol by hand, for what the typed client never
 * does: thousands of subscriptions on one connection, oversized batches, not reading at all.
 */
export class RawTrpcSocket {
  readonly ws: WebSocket;
  /** Every response received, in order. */
  readonly responses: RawResponse[] = [];
  /** The close code, once closed. */
  readonly closed: Promise<number>;
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const text = String(data);
      if (text === 'PING' || text === 'PONG') return;
      const parsed = JSON.parse(text) as RawResponse | RawResponse[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) this.responses.push(message);
    });
  }

  /** Opens `ws(s)://…/trpc` for the server at `httpUrl`, sending `token` as `connectionParams`. */
  static async open(httpUrl: string, token?: string): Promise<RawTrpcSocket> {
    const query = token === undefined ? '' : '?connectionParams=1';
    const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/trpc${query}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (token !== undefined) ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    return new RawTrpcSocket(ws);
  }

  /** Sends `count` subscription calls to `path`, in messages of at most `perMessage` calls. */
  subscribe(path: string, input: unknown, count: number, perMessage: number): void {
    for (let sent = 0; sent < count; sent += perMessage) {
      const calls = Array.from({ length: Math.min(perMessage, count - sent) }, () => ({
        id: this.#nextId++,
        method: 'subscription',
        params: { path, input },
      }));
      this.ws.send(JSON.stringify(calls));
    }
  }

  /** Subscribes to `path` and stops it in the same message, `count` times (a client that flaps). */
  subscribeAndStop(path: string, input: unknown, count: number): void {
    for (let i = 0; i < count; i += 1) {
      const id = this.#nextId++;
      this.ws.send(
        JSON.stringify([
          { id, method: 'subscription', params: { path, input } },
          { id, method: 'subscription.stop' },
        ]),
      );
    }
  }

  /** Stops every subscription the server has started on this socket. */
  stopAll(): void {
    const ids = this.responses.filter((r) => r.result?.type === 'started').map((r) => r.id);
    this.ws.send(JSON.stringify(ids.map((id) => ({ id, method: 'subscription.stop' }))));
  }

  /** Sends one message carrying `count` calls of `path` (a query). */
  batch(path: string, count: number): number[] {
    const ids = Array.from({ length: count }, () => this.#nextId++);
    this.ws.send(JSON.stringify(ids.map((id) => ({ id, method: 'query', params: { path } }))));
    return ids;
  }

  /** Resolves once `predicate` holds over the responses so far (checked every 10 ms). */
  async until(predicate: (responses: RawResponse[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.responses)) {
      if (Date.now() > deadline) throw new Error(`timed out with ${this.responses.length} responses`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Subscriptions the server started, and calls it refused, by error code. */
  tally(): { started: number; errors: Record<string, number> } {
    let started = 0;
    const errors: Record<string, number> = {};
    for (const response of this.responses) {
      if (response.result?.type === 'started') started += 1;
      const code = response.error?.data?.code;
      if (code !== undefined) errors[code] = (errors[code] ?? 0) + 1;
    }
    return { started, errors };
  }
}
