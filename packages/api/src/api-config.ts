/** Tunables of the router. */
export interface ApiConfig {
  /** Largest CSV accepted by `entries.import`, in UTF-8 bytes. @default 4_194_304 (4 MiB) */
  readonly maxImportBytes?: number;
  /** Entries per `entries.export` chunk. @default 500 */
  readonly exportChunkSize?: number;
  /** `entries.export` pauses while more than this many bytes wait on the caller's socket. @default 1_048_576 */
  readonly exportMaxBufferedBytes?: number;
  /**
   * Events one `live.notifications` or `tasks.onUpdate` subscription may queue; past it the
   * subscriber's connection is shed (WebSocket close 1013, SSE stream dropped) and it resumes
   * (`live.changes` falls back to the change log instead). @default 64
   */
  readonly maxBufferedEvents?: number;
}

/** {@link ApiConfig} with defaults applied. */
export type ResolvedApiConfig = Required<ApiConfig>;

/** Validates the router's config (`TypeError` naming the option) and applies defaults. */
export function resolveApiConfig(config: ApiConfig = {}): ResolvedApiConfig {
  const resolved: ResolvedApiConfig = {
    maxImportBytes: config.maxImportBytes ?? 4 * 1024 * 1024,
    exportChunkSize: config.exportChunkSize ?? 500,
    exportMaxBufferedBytes: config.exportMaxBufferedBytes ?? 1024 * 1024,
    maxBufferedEvents: config.maxBufferedEvents ?? 64,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1)
      throw new TypeError(`config.${name} must be a positive integer`);
  }
  return resolved;
}
