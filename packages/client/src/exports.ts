export { isTRPCClientError, TRPCClientError } from '@trpc/client';
export type { CofferClientOptions } from './client-options.js';
export type { CofferError, CofferErrorCode, CofferErrorData, ZodIssues } from './coffer-error.js';
export { isCofferError } from './coffer-error.js';
export type {
  ConnectionPhase,
  ConnectionState,
  ConnectionStatus,
  SubscriptionTransportKind,
} from './connection-state.js';
export type { CofferClient } from './create-client.js';
export type { TransportPreference } from './live-connection.js';
export type { EventSourceConstructor, EventSourceInstance, WebSocketConstructor } from './platform.js';
export type { AppRouter, RouterInputs, RouterOutputs, SubscriptionEvent } from './router-types.js';
