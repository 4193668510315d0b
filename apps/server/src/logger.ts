import { type Logger, pino } from 'pino';
import type { ServerConfig } from './config.js';

/** The server's structured logger (pino). */
export type ServerLogger = Logger;

/**
 * Creates the JSON logger. Authorization headers and tokens are redacted wherever they appear in
 * a logged object: logs never carry secrets.
 */
export function createLogger(options: { level: ServerConfig['logLevel'] }): ServerLogger {
  return pino({
    level: options.level,
    base: { service: 'coffer' },
    redact: {
      paths: ['req.headers.authorization', 'token', '*.token', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
