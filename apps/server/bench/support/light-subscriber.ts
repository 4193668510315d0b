import { WebSocket } from 'ws';
import { nowMs } from './ipc-protocol.js';

/** Where every subscriber records what it received, for latency and loss. */
export class DeliveryLog {
  /** Delivery latencies (ms) of changes with an index in the measured window. */
  readonly latencies: number[] = [];
  /** The first change message received, as sent (the raw baseline sends its like). */
  sample: string | undefined;
  #from = 0;
  #to = -1;

  /** Starts a measured window: changes `from`…`to - 1`; latencies of earlier windows are dropped. */
  window(from: number, count: number): void {
    this.#from = from;
    this.#to = from + count;
    this.latencies.length = 0;
  }

  /** Whether a change index is in the current window. */
  measures(index: number): boolean {
    return index >= this.#from && index < this.#to;
  }

  /** Records one delivery. */
  record(index: number, writtenAtMs: number, receivedAtMs: number, text: string): void {
    this.sample ??= text;
    if (this.measures(index)) this.latencies.push(receivedAtMs - writtenAtMs);
  }
}

/** Options of {@link LightSubscriber}. */
export interface LightSubscriberOptions {
  /** Coffer: `ws://…/trpc`; raw: `ws://…?user=<n>`. */
  readonly url: string;
  /** Coffer: the session token, sent as `connectionParams`; raw: omitted (no protocol). */
  readonly token?: string;
  /** Subscriptions to `live.changes` on this connection. @default 1 */
  readonly subscriptions?: number;
  /** Reconnect and resume after `lastEventId` when the server closes the connection. @default true */
  readonly resume?: boolean;
  readonly log: DeliveryLog;
}

/**
 * A lighter subscriber than `@coffer/client`, so that a thousand fit in one benchmark process: one
 * `ws` connection speaking tRPC's WebSocket protocol (connection params, `subscription` calls,
 * `lastEventId` on resume), reading each change's marker and seq from the message text without
 * parsing all of it. Counts every change index it gets per subscription, so that losses and
 * duplicates show.
 */
export class LightSubscriber {
  /** Per subscription: how often each change index arrived. */
  readonly seen: Map<number, number>[];
  /** Close codes the server sent, in order. */
  readonly closeCodes: number[] = [];
  /** Error messages the server sent. */
  readonly errors: string[] = [];
  readonly #options: LightSubscriberOptions;
  readonly #lastSeq: (number | null)[];
  #ws: WebSocket | undefined;
  #started = 0;
  #closing = false;
  #onStarted: (() => void) | undefined;

  /** Not connected until {@link LightSubscriber.connect}. */
  constructor(options: LightSubscriberOptions) {
    this.#options = options;
    const count = options.subscriptions ?? 1;
    this.seen = Array.from({ length: count }, () => new Map());
    this.#lastSeq = Array.from({ length: count }, () => null);
  }

  /** Connects and subscribes; resolves when every subscription has started (raw: when open). */
  connect(): Promise<void> {
    const raw = this.#options.token === undefined;
    const ws = new WebSocket(raw ? this.#options.url : `${this.#options.url}?connectionParams=1`, {
      perMessageDeflate: false,
    });
    this.#ws = ws;
    this.#started = 0;
    const started = new Promise<void>((resolve, reject) => {
      this.#onStarted = resolve;
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`closed with ${code} before subscribing`)));
    });
    ws.on('open', () => {
      if (raw) {
        this.#onStarted?.();
        return;
      }
      ws.send(JSON.stringify({ method: 'connectionParams', data: { token: this.#options.token } }));
      for (let id = 0; id < this.seen.length; id += 1) {
        const lastEventId = this.#lastSeq[id];
        const params = {
          path: 'live.changes',
          input: {},
          ...(lastEventId === null ? {} : { lastEventId: String(lastEventId) }),
        };
        ws.send(JSON.stringify({ id, method: 'subscription', params }));
      }
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      // tRPC's keep-alive: the server sends `PING` after a quiet spell and cuts a client that does not answer.
      if (text === 'PING') ws.send('PONG');
      else this.#receive(text);
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      this.closeCodes.push(code);
      if (!this.#closing && (this.#options.resume ?? true) && code !== 1000) {
        setTimeout(() => void this.connect().catch(() => undefined), 20 + Math.random() * 80);
      }
    });
    return started.then(() => {
      ws.removeAllListeners('error');
      ws.on('error', () => undefined);
    });
  }

  /** Stops reading from the socket (the server's sends back up), as a stuck client would. */
  pause(): void {
    this.#ws?.pause();
  }

  /** Reads again. */
  resume(): void {
    this.#ws?.resume();
  }

  /** Closes for good (no resume). */
  close(): Promise<void> {
    this.#closing = true;
    const ws = this.#ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000);
    });
  }

  /** Whether the connection is open now. */
  get open(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  #receive(text: string): void {
    const at = nowMs();
    const marker = text.indexOf('"payee":"b');
    if (marker === -1) {
      if (text.includes('"type":"started"') && ++this.#started === this.seen.length) this.#onStarted?.();
      else if (text.includes('"error"')) this.errors.push(text.slice(0, 300));
      return;
    }
    const sub = text.startsWith('{"id":') ? Number.parseInt(text.slice(6), 10) : 0;
    const markerAt = marker + '"payee":"b'.length;
    const atSign = text.indexOf('@', markerAt);
    const index = Number(text.slice(markerAt, atSign));
    const writtenAt = Number(text.slice(atSign + 1, text.indexOf('"', atSign)));
    const seqAt = text.indexOf('"seq":');
    if (seqAt !== -1) this.#lastSeq[sub] = Number.parseInt(text.slice(seqAt + 6), 10);
    const seen = this.seen[sub];
    if (seen && this.#options.log.measures(index)) seen.set(index, (seen.get(index) ?? 0) + 1);
    this.#options.log.record(index, writtenAt, at, text);
  }
}

/** p-quantile of unsorted samples (sorts them). */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return 0;
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
}
