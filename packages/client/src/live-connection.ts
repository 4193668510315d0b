import type { AppRouter } from '@coffer/api/router';
import { type OperationLink, TRPCClientError, type TRPCClientRuntime, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { ConnectionStateStore, type SubscriptionTransportKind } from './connection-state.js';
import { LiveSubscription } from './live-subscription.js';
import type { SubscriptionTransport, TransportSignal } from './subscription-transport.js';

/** Which transports the client may use for subscriptions. */
export type TransportPreference = 'auto' | 'websocket' | 'sse';

/** WebSocket close code 1013 (try again later): the server shed this connection as too slow or busy. */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** A connection that stayed open this long is healthy again: the 1013 backoff starts over. */
const STABLE_AFTER_MS = 60_000;

/** Options of {@link LiveConnection}. */
export interface LiveConnectionOptions {
  readonly preference: TransportPreference;
  /** Delay before WebSocket attempt `n` after a failure (0-based). */
  readonly retryDelayMs: (attempt: number) => number;
  /** Builds a transport; it must report its connection changes through `onSignal`. */
  readonly createTransport: (
    kind: SubscriptionTransportKind,
    onSignal: (signal: TransportSignal) => void,
  ) => SubscriptionTransport;
}

/**
 * Carries every subscription of one client over one transport at a time. A WebSocket that fails
 * is closed and replaced after a backoff this class owns (so `close()` can cancel it); a token
 * change replaces it at once; `'auto'` replaces it with SSE when the first one cannot open. Each
 * move resumes every tracked subscription after the last event id it delivered.
 *
 * A close with code 1013 (the server shed a consumer that fell behind, or was overloaded) is a
 * reconnect too, never an immediate one: each 1013 in a row moves one step further along the
 * backoff, until a connection stays open for a minute.
 */
export class LiveConnection {
  readonly state: ConnectionStateStore;
  readonly #options: LiveConnectionOptions;
  readonly #subscriptions = new Set<LiveSubscription>();
  #kind: SubscriptionTransportKind;
  /** `null` while waiting for the next attempt. */
  #transport: SubscriptionTransport | null = null;
  #operationLink: OperationLink<AppRouter> | null = null;
  #runtime: TRPCClientRuntime | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  /** 1013 closes in a row (reset by a connection that stays open for `STABLE_AFTER_MS`). */
  #sheds = 0;
  #openedAt = 0;
  #generation = 0;
  #everOpen = false;
  #webSocketEverOpen = false;
  #closed = false;

  constructor(options: LiveConnectionOptions) {
    this.#options = options;
    this.#kind = options.preference === 'sse' ? 'sse' : 'websocket';
    this.state = new ConnectionStateStore({ state: 'connecting', transport: this.#kind, error: null });
    this.#connect(this.#kind);
  }

  /** The terminating link for subscription operations. */
  readonly link: TRPCLink<AppRouter> = (runtime) => {
    this.#runtime = runtime;
    return ({ op }) =>
      observable((observer) => {
        if (this.#closed) {
          observer.error(new TRPCClientError('The Coffer client is closed'));
          return () => {};
        }
        const subscription = new LiveSubscription(op, observer, () =>
          this.#subscriptions.delete(subscription),
        );
        this.#subscriptions.add(subscription);
        const link = this.#currentLink();
        if (link) subscription.start(link); // else it starts when the next attempt begins
        return () => subscription.stop();
      });
  };

  /** Opens a new connection of the same kind now and moves every subscription to it. */
  reconnect(): void {
    if (this.#closed) return;
    if (this.#everOpen) this.state.set({ state: 'reconnecting', transport: this.#kind, error: null });
    this.#drop();
    this.#connect(this.#kind);
  }

  /** Completes every subscription, cancels a pending attempt, closes the transport. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const transport = this.#transport;
    this.#drop();
    for (const subscription of [...this.#subscriptions]) subscription.complete();
    this.state.set({ state: 'closed', transport: this.#kind, error: null });
    await transport?.close();
  }

  #connect(kind: SubscriptionTransportKind): void {
    const generation = ++this.#generation;
    this.#kind = kind;
    const transport = this.#options.createTransport(kind, (signal) => {
      if (generation === this.#generation) this.#onSignal(kind, signal);
    });
    if (generation !== this.#generation) {
      // It failed while being created and was already replaced.
      transport.close().catch(() => {});
      return;
    }
    this.#transport = transport;
    const link = this.#currentLink();
    if (link) for (const subscription of this.#subscriptions) subscription.start(link);
  }

  /** Detaches every subscription from the transport (they wait for the next one) and closes it. */
  #drop(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#generation += 1;
    for (const subscription of this.#subscriptions) subscription.detach();
    this.#transport?.close().catch(() => {});
    this.#transport = null;
    this.#operationLink = null;
  }

  #currentLink(): OperationLink<AppRouter> | null {
    if (!this.#runtime || !this.#transport) return null;
    this.#operationLink ??= this.#transport.operationLink(this.#runtime);
    return this.#operationLink;
  }

  #onSignal(kind: SubscriptionTransportKind, signal: TransportSignal): void {
    if (signal.type === 'open') {
      this.#everOpen = true;
      this.#failures = 0;
      this.#openedAt = Date.now();
      if (kind === 'websocket') this.#webSocketEverOpen = true;
      this.state.set({ state: 'open', transport: kind, error: null });
      return;
    }
    const phase = this.#everOpen ? 'reconnecting' : 'connecting';
    // An EventSource retries by itself; a failed WebSocket is replaced after a backoff.
    if (kind === 'websocket' && signal.error) {
      const fallBack = this.#options.preference === 'auto' && !this.#webSocketEverOpen;
      this.#countShed(signal.error);
      this.#drop();
      if (fallBack) this.#connect('sse');
      else this.#retryLater();
    }
    this.state.set({ state: phase, transport: this.#kind, error: signal.error });
  }

  #countShed(error: Error): void {
    if (this.#openedAt > 0 && Date.now() - this.#openedAt >= STABLE_AFTER_MS) this.#sheds = 0;
    this.#openedAt = 0;
    if (closeCodeOf(error) === CLOSE_TRY_AGAIN_LATER) this.#sheds += 1;
  }

  #retryLater(): void {
    const delay = this.#options.retryDelayMs(this.#failures + this.#sheds);
    this.#failures += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect('websocket');
    }, delay);
  }
}

/** The close code of the WebSocket close event somewhere in `error`'s cause chain, if any. */
export function closeCodeOf(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, wasClean } = current as { code?: unknown; wasClean?: unknown };
    if (typeof code === 'number' && typeof wasClean === 'boolean') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
