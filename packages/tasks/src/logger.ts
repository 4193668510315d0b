/**
 * The structural logger tasks receive. Any pino logger fits, so this package never depends on pino;
 * objects go first and carry the context (`taskId`, `err`), the message is a fixed string.
 */
export interface TaskLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** A logger that adds `bindings` to every line it writes. */
  child(bindings: Record<string, unknown>): TaskLogger;
}

const noop = (): void => {};

/** The default logger: drops everything. */
export const noopLogger: TaskLogger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => noopLogger,
};
