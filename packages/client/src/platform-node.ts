import { EventSource as NodeEventSource } from 'eventsource';
import { WebSocket as NodeWebSocket } from 'ws';
import type { EventSourceConstructor, Platform, WebSocketConstructor } from './platform.js';

const globals = globalThis as { WebSocket?: WebSocketConstructor; EventSource?: EventSourceConstructor };

/**
 * Node's globals where it has them (`WebSocket` from Node 22), else the `ws` and `eventsource`
 * packages, whose client APIs match what tRPC uses.
 */
export const nodePlatform: Platform = {
  WebSocket: globals.WebSocket ?? (NodeWebSocket as unknown as WebSocketConstructor),
  EventSource: globals.EventSource ?? (NodeEventSource as unknown as EventSourceConstructor),
};
