import type { StayAwakeConfig } from '../stay-awake/stay-awake-backoff.js';

/**
 * Messages between the pool (main thread) and a worker. Every request has an `id`; every
 * response carries that id and `error | null`. On the wire, requests made in the same tick travel
 * together and responses come back in chunks, both as flat arrays (see `wire-codec.ts`).
 */

/** How a connection opens its file. `key` is a pragma value (`"x'<hex>'"`), never a passphrase. */
export interface OpenSpec {
  path: string;
  key: string | null;
  readonly: boolean;
  busyTimeoutMs: number;
  /** The main thread wants BLOBs as `Buffer`: the worker flags results that hold any (see `QueryPayload.blobs`). */
  blobsAsBuffer: boolean;
}

export type WorkerRequest =
  | { op: 'open'; id: number; conn: number; spec: OpenSpec }
  | { op: 'close'; id: number; conn: number; optimize: boolean }
  | { op: 'query'; id: number; conn: number; sql: string; params: readonly unknown[]; readerOnly: boolean }
  | { op: 'exec'; id: number; conn: number; sql: string }
  | { op: 'batch'; id: number; conn: number; sql: string; rows: BatchRows }
  | { op: 'streamOpen'; id: number; conn: number; sql: string; params: readonly unknown[]; chunkSize: number }
  | { op: 'streamNext'; id: number; conn: number }
  | { op: 'streamClose'; id: number; conn: number }
  | { op: 'backup'; id: number; conn: number; toPath: string }
  | { op: 'rekey'; id: number; conn: number; key: string }
  | { op: 'checkpoint'; id: number; conn: number }
  | { op: 'crashForTesting'; id: number };

/** A request without its `id`, which the thread assigns when it queues the request. */
export type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * A batch's parameter sets. When every set has the same length they travel as one flat array
 * (`width` values per set): cloning one array of scalars is several times cheaper than cloning
 * thousands of small arrays.
 */
export type BatchRows =
  | { kind: 'flat'; width: number; values: unknown[] }
  | { kind: 'nested'; sets: readonly (readonly unknown[])[] };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  /** `WRONG_KEY`, `NOT_READONLY`, `NO_CIPHER`, `TEMP_STORE`, or `SQLITE` (with `sqliteCode`), or `INTERNAL`. */
  kind: 'WRONG_KEY' | 'NOT_READONLY' | 'NO_CIPHER' | 'TEMP_STORE' | 'SQLITE' | 'INTERNAL';
  message: string;
  sqliteCode: string | null;
  stack: string | null;
}

/** Result of `query`, `batch`, `streamOpen`/`streamNext` (then `done` says whether the cursor ended). */
export interface QueryPayload {
  rows: unknown[];
  changes: number;
  lastInsertRowid: number | bigint;
  done: boolean;
  /** The statement returns rows (better-sqlite3's `stmt.reader`): Kysely's result then has no write counters. */
  reader: boolean;
  /** Some row value is a BLOB to turn into a `Buffer` on the main thread (set only if the connection asked for it). */
  blobs: boolean;
}

/** Data handed to a worker at spawn. */
export interface WorkerBootData {
  driver: string;
  /** The worker's stay-awake window after it answers a batch; null when off. */
  stayAwake: StayAwakeConfig | null;
  /** Shared count of batches the main thread posted to this worker (`PostedBatches`), watched while spinning. */
  postedBatches: SharedArrayBuffer;
  /** Set when running from TypeScript source: the bootstrap imports this URL after registering tsx. */
  entry: string | null;
}
