import type { WebSocketConstructor } from '@coffer/client';
import { WebSocket } from 'ws';

/** The sockets a client opened through {@link trackedSockets}, and how each closed. */
export interface TrackedSockets {
  /** Every socket opened, oldest first. */
  readonly all: WebSocket[];
  /** The close code of each socket that closed, in closing order. */
  readonly closeCodes: number[];
  /** The class to give the client as its `WebSocket`. */
  readonly WebSocket: WebSocketConstructor;
}

/** A `WebSocket` class for the client that records its sockets and their close codes. */
export function trackedSockets(): TrackedSockets {
  const all: WebSocket[] = [];
  const closeCodes: number[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      all.push(this);
      this.once('close', (code) => closeCodes.push(code));
    }
  }
  return { all, closeCodes, WebSocket: TrackedWebSocket as unknown as WebSocketConstructor };
}
