import type { OpenSpec, QueryPayload, RequestBody } from '../../protocol/messages.js';
import type { CallTarget, PendingCall } from './pending-call.js';

/**
 * What database code needs from the thread hosting a connection (`ThreadHandle` implements it).
 * Declared here so a connection does not import its thread's class (no import cycle).
 */
export interface HostThread {
  /** Bumped each time the thread is replaced; streams and transactions started earlier are void. */
  readonly generation: number;
  /** Queues a request for the next flush. `retryable` marks plain reads that may be re-sent after a recycle. */
  send(body: RequestBody, handle: CallTarget | null, retryable?: boolean): Promise<QueryPayload>;
  /** Queues an already-built call. */
  enqueue(call: PendingCall): void;
  /** Gives up on a call; false when it cannot be stopped safely (a posted write). */
  cancel(call: PendingCall, error: Error): boolean;
  /** Test hook (reached through `@coffer/sqlite-worker/testing`): the thread dies as in a native crash. */
  crash(): Promise<void>;
}

/** Main-thread view of one connection: where it lives and how busy it is (used to route reads). */
export class ConnectionHandle implements CallTarget {
  readonly id: number;
  readonly thread: HostThread;
  spec: OpenSpec;
  /** Calls sent and not yet answered. */
  inFlight = 0;
  /** When the call now running on this connection (approximately) started; `performance.now()` ms. */
  busySince = 0;
  /** Leased by a stream or paused for a rekey: reads must not be routed here. */
  leased = false;

  constructor(id: number, thread: HostThread, spec: OpenSpec) {
    this.id = id;
    this.thread = thread;
    this.spec = spec;
  }
}
