export { isTRPCClientError, TRPCClientError } from '@trpc/client';
export type {
  CofferClient,
  CofferClientOptions,
  ConnectionState,
  TokenSource,
} from './create-coffer-client.js';
export { createCofferClient } from './create-coffer-client.js';
export type { AppRouter, RouterInputs, RouterOutputs, SubscriptionEvent } from './router-types.js';
export type { WebSocketConstructor } from './websocket-constructor.js';
