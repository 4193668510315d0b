import type { AppRouter } from '@coffer/api/router';
import type { Operation, OperationLink, OperationResultEnvelope, TRPCClientError } from '@trpc/client';
import type { Observer, Unsubscribable } from '@trpc/server/observable';

type Envelope = OperationResultEnvelope<unknown, TRPCClientError<AppRouter>>;

/** One subscription as the user sees it, across however many transports carry it. */
export class LiveSubscription {
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

  /** Leaves the current transport without an event; `start()` resumes it on the next one. */
  detach(): void {
    this.#attempt += 1;
    this.#inner?.unsubscribe();
    this.#inner = null;
  }

  /** Ends the subscription without an event (the user unsubscribed). */
  stop(): void {
    this.detach();
    this.#end();
  }

  /** Ends the subscription and tells the user it completed (the client closed). */
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
