export { type ApiConfig, type ResolvedApiConfig, resolveApiConfig } from './api-config.js';
export { ClusterSchemaTooNewError, ensureClusterSchema } from './cluster/cluster-schema.js';
export { type ClusterSecretBox, createClusterSecretBox } from './cluster/cluster-secret-box.js';
export { createPgBossUserTasks, type PgBossUserTasksOptions } from './cluster/pg-boss-user-tasks.js';
export {
  createPostgresListener,
  type PostgresListener,
  type PostgresListenerOptions,
} from './cluster/postgres-listener.js';
export {
  createPostgresNotificationBus,
  type PostgresNotificationBusOptions,
} from './cluster/postgres-notification-bus.js';
export {
  createPostgresSessionRegistry,
  type PostgresSessionRegistryOptions,
} from './cluster/postgres-session-registry.js';
export type { ContextFactory, ContextFactoryOptions } from './context.js';
export { createContextFactory } from './context.js';
export {
  type ApiErrorCode,
  CofferApiError,
  type CofferErrorCode,
  LOGIN_FAILED_MESSAGE,
  TRPC_CODE_OF,
  toTRPCError,
} from './errors.js';
export { sharedPayloadJson, sharePayload } from './live/shared-payload.js';
export {
  type DestroyableSocket,
  type SubscriberConnection,
  sseSubscriberConnection,
} from './live/subscriber-connection.js';
export { createMaintenance, type Maintenance, type MaintenanceOptions } from './maintenance.js';
export {
  createMemoryNotificationBus,
  type Notification,
  type NotificationBus,
  type NotificationListener,
} from './notifications/notification-bus.js';
export { publishTaskOutcomes } from './notifications/task-outcomes.js';
export {
  createOpenApiDocument,
  type OpenApiDocument,
  type OpenApiDocumentOptions,
} from './openapi/openapi-document.js';
export { type HttpProcedurePath, PROCEDURE_SUMMARIES } from './openapi/procedure-docs.js';
export type { RequestContext } from './request-context.js';
export type { AppRouter } from './router.js';
export { appRouter } from './router.js';
export type { ClockTick } from './routers/system.js';
export type { ApiLogger, ApiServices } from './services.js';
export {
  createMemorySessionRegistry,
  type MemorySessionRegistryOptions,
} from './sessions/memory-session-registry.js';
export type { Session, SessionRegistry } from './sessions/session-registry.js';
export type { ImportInput, ImportTaskResult } from './tasks/import-run.js';
export { createLocalUserTasks } from './tasks/local-user-tasks.js';
export type { UserTaskEventsOptions, UserTasks } from './tasks/user-tasks.js';
export type { ZodErrorData } from './trpc.js';
export { createCallerFactory } from './trpc.js';
