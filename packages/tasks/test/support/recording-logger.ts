import type { TaskLogger } from '../../src/index.js';

/** One line a {@link RecordingLogger} received. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A real logger that keeps its lines in memory, with child bindings merged in like pino does. */
export class RecordingLogger implements TaskLogger {
  readonly lines: LogLine[];
  readonly #bindings: Record<string, unknown>;

  constructor(lines: LogLine[] = [], bindings: Record<string, unknown> = {}) {
    this.lines = lines;
    this.#bindings = bindings;
  }

  debug(obj: object, msg?: string): void {
    this.#write('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.#write('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#write('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#write('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): TaskLogger {
    return new RecordingLogger(this.lines, { ...this.#bindings, ...bindings });
  }

  #write(level: LogLine['level'], obj: object, msg: string | undefined): void {
    this.lines.push({ level, obj: { ...this.#bindings, ...obj }, msg });
  }
}
