import type { EventSourceConstructor, Platform, WebSocketConstructor } from './platform.js';

const globals = globalThis as { WebSocket?: WebSocketConstructor; EventSource?: EventSourceConstructor };

/** The browser's own `WebSocket` and `EventSource`: nothing from Node reaches a browser bundle. */
export const browserPlatform: Platform = {
  WebSocket: globals.WebSocket,
  EventSource: globals.EventSource,
};
