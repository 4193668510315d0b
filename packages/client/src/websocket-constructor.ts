import { WebSocket as NodeWebSocket } from 'ws';

/** A WHATWG-style `WebSocket` constructor, as tRPC's `wsLink` expects. */
export type WebSocketConstructor = typeof globalThis.WebSocket;

/**
 * The platform's `WebSocket` (browsers, Node ≥ 22) or, where there is none (Node 20), the `ws`
 * package's, whose client API is compatible for what tRPC uses.
 */
export function defaultWebSocket(): WebSocketConstructor {
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return platform ?? (NodeWebSocket as unknown as WebSocketConstructor);
}
