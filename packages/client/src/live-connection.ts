import type { AppRouter } from '@coffer/api';
import {
  type Operation,
  type OperationLink,
  type OperationResultEnvelope,
  TRPCClientError,
  type TRPCClientRuntime,
  type TRPCLink,
} from '@trpc/client';
import { type Observer, observable, type Unsubscribable } from '@trpc/server/observable';
import { ConnectionStateStore, type SubscriptionTransportKind } from './connection-state.js';
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

type Envelope = OperationResultEnvelope<unknown, TRPCClientError<AppRouter>>;

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

/** One subscription as the user sees it, across however many transports carry it. */
class LiveSubscription {
  readonly #op: Operation;
  readonly #observer: Observer<Envelope, TRPCClientError<AppRouter>>;
  readonly #onEnd: () => void;
  #inner: Unsubscribable | null = null;
  #attempt = 0;
  #lastEventId: string | null = null;

  constructor(op: Operation, observer: Observer<Envelope, TRPCClientError<AppRouter>>, onEnd: () => void) {
    this.#op = op;
    this.#observer = observer;
    this.#onEnd = onEnd;
  }

  /** (Re)subscribes on `link`, after the last event id delivered so far. */
  start(link: OperationLink<AppRouter>): void {
    // A link may complete its observer while being unsubscribed (SSE does): the attempt counter
    // keeps a replaced inner subscription from ending the user's.
    const attempt = ++this.#attempt;
    const current = () => attempt === this.#attempt;
    this.#inner?.unsubscribe();
    const op = { ...this.#op, input: withLastEventId(this.#op.input, this.#lastEventId) };
    const inner = link({ op, next: () => unreachable() }).subscribe({
      next: (envelope) => {
        if (!current()) return;
        const result: { type?: string; id?: unknown } = envelope.result;
        if (typeof result.id === 'string' && result.type !== 'state') this.#lastEventId = result.id;
        this.#observer.next(envelope);
      },
      error: (error) => {
        if (!current()) return;
        this.#end();
        this.#observer.error(error);
      },
      complete: () => {
        if (!current()) return;
        this.#end();
        this.#observer.complete();
      },
    });
    if (current()) this.#inner = inner;
  }

  stop(): void {
    this.#attempt += 1;
    this.#inner?.unsubscribe();
    this.#end();
  }

  complete(): void {
    this.stop();
    this.#observer.complete();
  }

  #end(): void {
    this.#inner = null;
    this.#onEnd();
  }
}

function withLastEventId(input: unknown, lastEventId: string | null): unknown {
  if (lastEventId === null || (input != null && typeof input !== 'object')) return input;
  return { ...(input ?? {}), lastEventId };
}

function unreachable(): never {
  throw new Error('a terminating link has no next link');
}
