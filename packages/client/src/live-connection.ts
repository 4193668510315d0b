import type { AppRouter } from '@coffer/api';
import { type OperationLink, TRPCClientError, type TRPCClientRuntime, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { ConnectionStateStore, type SubscriptionTransportKind } from './connection-state.js';
import { LiveSubscription } from './live-subscription.js';
import type { SubscriptionTransport, TransportSignal } from './subscription-transport.js';

/** Which transports the client may use for subscriptions. */
export type TransportPreference = 'auto' | 'websocket' | 'sse';

/** Options of {@link LiveConnection}. */
export interface LiveConnectionOptions {
  readonly preference: TransportPreference;
  /** Builds a transport; it must report its connection changes through `onSignal`. */
  readonly createTransport: (
    kind: SubscriptionTransportKind,
    onSignal: (signal: TransportSignal) => void,
  ) => SubscriptionTransport;
}

/**
 * Carries every subscription of one client over one transport at a time, and moves them all to a
 * new transport (a fresh WebSocket after a token change, SSE when `'auto'` cannot open a
 * WebSocket), resuming each tracked subscription after the last event id it delivered.
 */
export class LiveConnection {
  readonly state: ConnectionStateStore;
  readonly #options: LiveConnectionOptions;
  readonly #subscriptions = new Set<LiveSubscription>();
  #transport: SubscriptionTransport;
  #operationLink: OperationLink<AppRouter> | null = null;
  #runtime: TRPCClientRuntime | null = null;
  #generation = 0;
  #everOpen = false;
  #webSocketEverOpen = false;
  #closed = false;

  constructor(options: LiveConnectionOptions) {
    this.#options = options;
    const kind = options.preference === 'sse' ? 'sse' : 'websocket';
    this.state = new ConnectionStateStore({ state: 'connecting', transport: kind, error: null });
    this.#transport = this.#create(kind);
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
        subscription.start(this.#currentLink());
        return () => subscription.stop();
      });
  };

  /** Opens a new connection of the same kind and moves every subscription to it. */
  reconnect(): void {
    if (this.#closed) return;
    this.#switchTo(this.#transport.kind);
  }

  /** Completes every subscription and closes the transport. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#generation += 1;
    for (const subscription of [...this.#subscriptions]) subscription.complete();
    this.state.set({ state: 'closed', transport: this.#transport.kind, error: null });
    await this.#transport.close();
  }

  #create(kind: SubscriptionTransportKind): SubscriptionTransport {
    const generation = ++this.#generation;
    this.#operationLink = null;
    return this.#options.createTransport(kind, (signal) => {
      if (generation === this.#generation) this.#onSignal(kind, signal);
    });
  }

  #currentLink(): OperationLink<AppRouter> {
    if (!this.#runtime) throw new Error('LiveConnection.link was never bound to a client');
    this.#operationLink ??= this.#transport.operationLink(this.#runtime);
    return this.#operationLink;
  }

  #switchTo(kind: SubscriptionTransportKind): void {
    const previous = this.#transport;
    this.#transport = this.#create(kind);
    if (this.#everOpen) this.state.set({ state: 'reconnecting', transport: kind, error: null });
    for (const subscription of this.#subscriptions) subscription.start(this.#currentLink());
    previous.close().catch(() => {});
  }

  #onSignal(kind: SubscriptionTransportKind, signal: TransportSignal): void {
    if (signal.type === 'open') {
      this.#everOpen = true;
      if (kind === 'websocket') this.#webSocketEverOpen = true;
      this.state.set({ state: 'open', transport: kind, error: null });
      return;
    }
    const phase = this.#everOpen ? 'reconnecting' : 'connecting';
    const fallBack =
      this.#options.preference === 'auto' && kind === 'websocket' && !this.#webSocketEverOpen && signal.error;
    if (fallBack) {
      this.#switchTo('sse');
      this.state.set({ state: phase, transport: 'sse', error: signal.error });
      return;
    }
    this.state.set({ state: phase, transport: kind, error: signal.error });
  }
}
