/** A WHATWG-style `WebSocket` constructor, as tRPC's `wsLink` expects. */
export type WebSocketConstructor = typeof globalThis.WebSocket;

/** The part of a WHATWG `EventSource` that tRPC's `httpSubscriptionLink` uses. */
export interface EventSourceInstance {
  readonly CLOSED: number;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly readyState: number;
  addEventListener(type: string, listener: (event: object) => void): void;
  removeEventListener(type: string, listener: (event: object) => void): void;
  close(): void;
}

/** A WHATWG-style `EventSource` constructor (browsers' global, or the `eventsource` package's). */
export type EventSourceConstructor = new (
  url: string,
  init?: { withCredentials?: boolean },
) => EventSourceInstance;

/**
 * Where the client finds its network classes. Each entry point (`index.ts` for Node,
 * `index.browser.ts` for bundlers' `browser` condition) passes its own, so a browser bundle never
 * references the Node-only packages.
 */
export interface Platform {
  /** The `WebSocket` constructor to use when `options.WebSocket` is not given, if any. */
  readonly WebSocket: WebSocketConstructor | undefined;
  /** The `EventSource` constructor to use when `options.EventSource` is not given, if any. */
  readonly EventSource: EventSourceConstructor | undefined;
}
