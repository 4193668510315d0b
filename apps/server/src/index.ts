export { type ComposedServer, type ComposeOptions, composeServer } from './compose.js';
export type { LoadConfigOptions, ServerConfig } from './config.js';
export { ConfigError, DEFAULT_WEB_DIR, loadConfig } from './config.js';
export type { ServerLogger } from './logger.js';
export { createLogger } from './logger.js';
export type { CofferServer, CofferServerOptions, HttpAdapter } from './server.js';
export { createCofferServer } from './server.js';
export { serverVersion } from './version.js';
