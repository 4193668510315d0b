import type { OpenSpec } from '../../protocol/messages.js';
import type { ThreadHandle } from './thread-handle.js';

/** Main-thread view of one connection: where it lives and how busy it is (used to route reads). */
export class ConnectionHandle {
  readonly id: number;
  readonly thread: ThreadHandle;
  spec: OpenSpec;
  /** Calls sent and not yet answered. */
  inFlight = 0;
  /** When the call now running on this connection (approximately) started; `performance.now()` ms. */
  busySince = 0;
  /** Leased by a stream or paused for a rekey: reads must not be routed here. */
  leased = false;

  constructor(id: number, thread: ThreadHandle, spec: OpenSpec) {
    this.id = id;
    this.thread = thread;
    this.spec = spec;
  }
}
