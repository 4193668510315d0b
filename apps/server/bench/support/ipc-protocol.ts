/**
 * The messages between a benchmark and the server it runs in a child process (`bench-server.ts`,
 * `raw-broadcast-server.ts`): requests carry an id, answers echo it with `error | null`.
 */

/** Asks the child to do something. */
export type BenchRequest =
  | { readonly id: number; readonly op: 'stats'; readonly gc: boolean }
  | {
      readonly id: number;
      readonly op: 'write';
      /** Changes per second, spread round-robin over the users. */
      readonly rate: number;
      readonly count: number;
      /** Index of the first change (markers stay unique across phases). */
      readonly first: number;
      /** Length of each entry's memo, to size the messages. */
      readonly memoLength: number;
      /** A user that gets every other change (see {@link userOfChange}); `null`: round-robin. */
      readonly hotUser: number | null;
    }
  | {
      readonly id: number;
      readonly op: 'broadcast';
      readonly rate: number;
      readonly count: number;
      readonly first: number;
      /** A message as Coffer sends it, with `__MARK__` for the marker and `__SEQ__` for the seq. */
      readonly template: string;
    }
  | { readonly id: number; readonly op: 'close' };

/** What `stats` reports. */
export interface ServerStats {
  /** `process.cpuUsage()`: every thread of the server process, µs. */
  readonly cpuUs: number;
  /** The main thread alone (Linux `/proc`), µs; `null` elsewhere. */
  readonly mainThreadCpuUs: number | null;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Log lines at level `error` or above, and uncaught errors, since start. */
  readonly errors: number;
  /** Log lines at `warn`, since start (refused connections, backpressure closes). */
  readonly warnings: number;
  /** Messages of the last few warnings and errors, for the report. */
  readonly lastProblems: readonly string[];
}

/** The child's answer to a request. */
export type BenchAnswer =
  | { readonly id: number; readonly error: null; readonly stats: ServerStats }
  | {
      readonly id: number;
      readonly error: null;
      readonly written: number;
      readonly elapsedMs: number;
      /** How long the writes took to commit (write start → resolved), p50 and p99, ms; raw: 0. */
      readonly commitP50Ms: number;
      readonly commitP99Ms: number;
    }
  | { readonly id: number; readonly error: null; readonly closed: true }
  | { readonly id: number; readonly error: string };

/** The child's first message, once it listens. */
export interface BenchReady {
  readonly ready: true;
  /** `ws://…/trpc` (Coffer) or `ws://…` (raw broadcast). */
  readonly wsUrl: string;
  /** One session token per user. */
  readonly tokens: readonly string[];
}

/**
 * Which user change `index` goes to: round-robin over `users`, or, with a `hotUser`, every even
 * change to it and the odd ones round-robin over the others.
 */
export function userOfChange(index: number, users: number, hotUser: number | null): number {
  if (hotUser === null || users < 2) return index % users;
  if (index % 2 === 0) return hotUser;
  const other = ((index - 1) / 2) % (users - 1);
  return other >= hotUser ? other + 1 : other;
}

/** Writes a change's marker into its payee: its index and when its write started (epoch ms, µs precision). */
export function changeMarker(index: number, startedAtMs: number): string {
  return `b${index}@${startedAtMs.toFixed(3)}`;
}

/** High-resolution wall-clock time, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
