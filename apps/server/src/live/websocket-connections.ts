import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketGuard } from './websocket-guard.js';
import type { ResolvedWebSocketLimits } from './websocket-limits.js';

/** Options of {@link WebSocketConnections}. */
export interface WebSocketConnectionsOptions {
  readonly limits: ResolvedWebSocketLimits;
  /** Told about each shed connection (for the log). */
  readonly onShed: (info: { userId: string | null; reason: string }) => void;
}

const IDLE_SWEEP_MAX_MS = 30_000;

/**
 * The server's open WebSocket connections: admits an upgrade only under `maxConnections`, keeps one
 * {@link WebSocketGuard} per connection, counts connections per user against
 * `maxConnectionsPerUser`, and closes connections idle for `idleTimeoutMs` (one sweep timer for all
 * of them, not one timer per connection).
 */
export class WebSocketConnections {
  readonly #limits: ResolvedWebSocketLimits;
  readonly #onShed: WebSocketConnectionsOptions['onShed'];
  readonly #guards = new Map<WebSocket, WebSocketGuard>();
  readonly #perUser = new Map<string, number>();
  #pending = 0;
  readonly #sweep: ReturnType<typeof setInterval>;

  constructor(options: WebSocketConnectionsOptions) {
    this.#limits = options.limits;
    this.#onShed = options.onShed;
    const every = Math.min(IDLE_SWEEP_MAX_MS, Math.max(10, Math.floor(this.#limits.idleTimeoutMs / 2)));
    this.#sweep = setInterval(() => this.#closeIdle(), every);
    this.#sweep.unref();
  }

  /** Open connections (plus upgrades being completed). */
  get size(): number {
    return this.#guards.size + this.#pending;
  }

  /**
   * Reserves a place for an upgrade; `false` when the server is full (the caller answers 503).
   * Pass the reservation to {@link track} or give it back with {@link cancel}.
   */
  reserve(): boolean {
    if (this.size >= this.#limits.maxConnections) return false;
    this.#pending += 1;
    return true;
  }

  /** Gives back a reservation whose upgrade failed. */
  cancel(): void {
    this.#pending -= 1;
  }

  /** Turns a reservation into a tracked connection, forgotten when it closes. */
  track(ws: WebSocket, socket: Duplex): WebSocketGuard {
    this.#pending -= 1;
    const guard = new WebSocketGuard({
      ws,
      socket,
      limits: this.#limits,
      onShed: (reason) => this.#onShed({ userId: guard.userId, reason }),
    });
    this.#guards.set(ws, guard);
    ws.on('message', (data, isBinary) => {
      if (isBinary || !isKeepAlive(data)) guard.lastCallAt = Date.now();
    });
    ws.once('close', () => {
      this.#guards.delete(ws);
      guard.closed();
      if (guard.userId !== null) {
        const left = (this.#perUser.get(guard.userId) ?? 1) - 1;
        if (left === 0) this.#perUser.delete(guard.userId);
        else this.#perUser.set(guard.userId, left);
      }
    });
    return guard;
  }

  /** The guard of an open connection. */
  guardOf(ws: WebSocket): WebSocketGuard | undefined {
    return this.#guards.get(ws);
  }

  /** Counts the connection for `userId`; `false` (and not counted) when the user is at the limit. */
  bindUser(guard: WebSocketGuard, userId: string): boolean {
    if (guard.userId !== null) return true;
    const count = this.#perUser.get(userId) ?? 0;
    if (count >= this.#limits.maxConnectionsPerUser) return false;
    this.#perUser.set(userId, count + 1);
    guard.userId = userId;
    return true;
  }

  /** Stops the idle sweep (the connections themselves are closed by the server). */
  stop(): void {
    clearInterval(this.#sweep);
  }

  #closeIdle(): void {
    const before = Date.now() - this.#limits.idleTimeoutMs;
    for (const [ws, guard] of this.#guards) {
      if (guard.subscriptions === 0 && guard.lastCallAt < before) ws.close(1000, 'Idle');
    }
  }
}

function isKeepAlive(data: unknown): boolean {
  if (!Buffer.isBuffer(data) || data.length !== 4) return false;
  const text = data.toString('latin1');
  return text === 'PING' || text === 'PONG';
}
