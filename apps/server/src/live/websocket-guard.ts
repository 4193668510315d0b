import type { SubscriberConnection } from '@coffer/api';
import type { WebSocket } from 'ws';
import { currentTurn, nextTurn } from './event-loop-turns.js';
import type { ResolvedWebSocketLimits } from './websocket-limits.js';

/** WebSocket close code 1013: the server is overloaded, try again later (RFC 6455 registry). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * Events one connection may send in one event-loop turn. More wait for the next turn, so a burst
 * to one connection (a client resuming 100 subscriptions from the log) is sent in slices between
 * which the loop serves everyone else, instead of in one long turn that delays them all. Above
 * the subscriptions a connection may hold, so one change to all of them goes out in one turn.
 */
export const SENDS_PER_TURN = 128;

/** The part of the TCP socket under a WebSocket that the guard listens to. */
export interface DrainingSocket {
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

/** Options of {@link WebSocketGuard}. */
export interface WebSocketGuardOptions {
  readonly ws: WebSocket;
  /** The TCP socket the upgrade came on: its `drain` says the send buffer emptied. */
  readonly socket: DrainingSocket;
  readonly limits: ResolvedWebSocketLimits;
  /** Called once when the connection is shed, with the reason (for the log). */
  readonly onShed: (reason: string) => void;
}

/**
 * One WebSocket connection's limits and flow control, as its subscriptions see it
 * ({@link SubscriberConnection}): counts subscriptions, says when the send buffer is over
 * `maxBufferedBytes`, wakes the waiting subscriptions when the socket drains, and sheds the
 * connection (close 1013) when the buffer stays over the cap for `slowConsumerGraceMs` or a
 * subscription's queue overflows. It also holds the connection to {@link SENDS_PER_TURN} events
 * per event-loop turn, and records when the client last made a call, for the idle timeout.
 */
export class WebSocketGuard implements SubscriberConnection {
  /** The user whose valid token the connection presented, once known. */
  userId: string | null = null;
  /** When the client last sent a call (keep-alive `PING`/`PONG` do not count), epoch ms. */
  lastCallAt = Date.now();
  readonly #ws: WebSocket;
  readonly #socket: DrainingSocket;
  readonly #limits: ResolvedWebSocketLimits;
  readonly #onShed: (reason: string) => void;
  #subscriptions = 0;
  #graceTimer: ReturnType<typeof setTimeout> | null = null;
  #drained: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #shed = false;
  #closed = false;
  #turn = -1;
  #sentThisTurn = 0;

  constructor(options: WebSocketGuardOptions) {
    this.#ws = options.ws;
    this.#socket = options.socket;
    this.#limits = options.limits;
    this.#onShed = options.onShed;
  }

  /** Subscriptions open on this connection. */
  get subscriptions(): number {
    return this.#subscriptions;
  }

  /** Read once per event a subscription is about to send: it also counts the turn's sends. */
  get congested(): boolean {
    if (this.#shed) return true;
    if (this.#ws.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.#graceTimer ??= setTimeout(this.#onGraceOver, this.#limits.slowConsumerGraceMs);
      return true;
    }
    const turn = currentTurn();
    if (turn !== this.#turn) {
      this.#turn = turn;
      this.#sentThisTurn = 0;
    }
    this.#sentThisTurn += 1;
    return this.#sentThisTurn > SENDS_PER_TURN;
  }

  /** Resolves once the send buffer is under its cap (or, if only the turn's share is spent, next turn). */
  drained(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (!this.#shed && this.#ws.bufferedAmount <= this.#limits.maxBufferedBytes) return nextTurn();
    if (this.#drained === null) {
      this.#drained = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#socket.once('drain', this.#onDrain);
    }
    return this.#drained;
  }

  addSubscription(): (() => void) | null {
    if (this.#subscriptions >= this.#limits.maxSubscriptionsPerConnection) return null;
    this.#subscriptions += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#subscriptions -= 1;
    };
  }

  shed(reason: string): void {
    if (this.#shed || this.#closed) return;
    this.#shed = true;
    this.#onShed(reason);
    // The close frame queues behind the unread data, so a client that reads again gets it and
    // resumes. Nothing more is queued meanwhile (tRPC sends nothing on a closing socket, and the
    // subscriptions stay parked until the close), and `ws` destroys the socket if the close handshake has not
    // finished within its 30 s close timeout.
    this.#ws.close(CLOSE_TRY_AGAIN_LATER, 'Too slow: reconnect later and resume');
  }

  /** Call when the connection has closed: stops the timers and wakes every waiting subscription. */
  closed(): void {
    this.#closed = true;
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    this.#onDrain();
  }

  readonly #onGraceOver = (): void => {
    this.#graceTimer = null;
    if (this.#ws.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.shed(
        `send buffer over ${this.#limits.maxBufferedBytes} bytes for ${this.#limits.slowConsumerGraceMs} ms`,
      );
    } else this.#onDrain();
  };

  readonly #onDrain = (): void => {
    this.#socket.off('drain', this.#onDrain);
    // A shed connection's subscriptions wait for its close: they would only pull events (and
    // replay the log) that tRPC no longer sends on a closing socket.
    if (this.#shed && !this.#closed) return;
    if (this.#graceTimer && this.#ws.bufferedAmount <= this.#limits.maxBufferedBytes) {
      clearTimeout(this.#graceTimer);
      this.#graceTimer = null;
    }
    const wake = this.#wake;
    this.#wake = null;
    this.#drained = null;
    wake?.();
  };
}
