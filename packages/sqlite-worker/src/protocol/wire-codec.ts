import type { QueryPayload, SerializedError, WorkerRequest } from './messages.js';

/**
 * Wire encoding of request and response batches. Structured clone of one flat array is much
 * cheaper than of an array of objects, and a statement's SQL crosses the boundary only once per
 * thread (later requests carry its number), so the hot path — `query` — clones little more than
 * its parameters. Other requests travel as their object.
 *
 * Request slots: `[TAG_QUERY, id, conn, sqlRef, readerOnly, params]` or `[TAG_OBJECT, request]`,
 * optionally followed by one `TAG_STAY_AWAKE` at the end of the batch.
 * `sqlRef` is a number (a registered statement) or a string (registered by the worker on receipt
 * when `sqlRef` is a `TAG_REGISTER` string, sent inline otherwise).
 * Response slots: `[id, error, rows, changes, lastInsertRowid, done, reader, blobs]`.
 */
export const TAG_QUERY = 0;
export const TAG_QUERY_REGISTER = 1;
export const TAG_OBJECT = 2;
/**
 * Optional last slot of a request batch: the main thread has few calls in flight on this worker and
 * polls for their answers, so the worker may poll for its next batch after answering (see
 * `stay-awake/`). Unambiguous: every request ends with an array or an object.
 */
export const TAG_STAY_AWAKE = 3;
export const RESPONSE_SLOTS = 8;

/** Past this many distinct statements per thread, SQL is sent inline instead of registered. */
const MAX_REGISTERED_SQL = 10_000;

/** Main-thread side: numbers statements per worker. Reset when the worker is replaced. */
export class RequestEncoder {
  #sqlIds = new Map<string, number>();

  reset(): void {
    this.#sqlIds.clear();
  }

  /** Appends one request to `out`. Must run in send order (at flush), so numbering matches the worker's. */
  encode(request: WorkerRequest, out: unknown[]): void {
    if (request.op !== 'query') {
      out.push(TAG_OBJECT, request);
      return;
    }
    const known = this.#sqlIds.get(request.sql);
    if (known !== undefined) {
      out.push(TAG_QUERY, request.id, request.conn, known, request.readerOnly, request.params);
    } else if (this.#sqlIds.size < MAX_REGISTERED_SQL) {
      this.#sqlIds.set(request.sql, this.#sqlIds.size);
      out.push(TAG_QUERY_REGISTER, request.id, request.conn, request.sql, request.readerOnly, request.params);
    } else {
      out.push(TAG_QUERY, request.id, request.conn, request.sql, request.readerOnly, request.params);
    }
  }
}

/** Worker side: the statements registered so far, by number. */
export class SqlTable {
  #sql: string[] = [];

  /** Resolves a request's `sqlRef`; registers it first when `register` is set. */
  resolve(sqlRef: unknown, register: boolean): string {
    if (typeof sqlRef === 'number') return this.#sql[sqlRef]!;
    const sql = sqlRef as string;
    if (register) this.#sql.push(sql);
    return sql;
  }
}

/** Worker side: appends one response. */
export function encodeResponse(
  out: unknown[],
  id: number,
  error: SerializedError | null,
  payload: QueryPayload | null,
): void {
  if (payload === null) out.push(id, error, null, 0, 0, true, false, false);
  else
    out.push(
      id,
      error,
      payload.rows,
      payload.changes,
      payload.lastInsertRowid,
      payload.done,
      payload.reader,
      payload.blobs,
    );
}

/** Main side: the error of the response at `offset` of a flat batch, or null. */
export function responseError(batch: unknown[], offset: number): SerializedError | null {
  return batch[offset + 1] as SerializedError | null;
}

/** Main side: the payload of a successful response at `offset` of a flat batch. */
export function responsePayload(batch: unknown[], offset: number): QueryPayload {
  const blobs = batch[offset + 7] as boolean;
  const rows = batch[offset + 2] as unknown[];
  if (blobs) blobsToBuffers(rows);
  return {
    rows,
    changes: batch[offset + 3] as number,
    lastInsertRowid: batch[offset + 4] as number | bigint,
    done: batch[offset + 5] as boolean,
    reader: batch[offset + 6] as boolean,
    blobs,
  };
}

/**
 * Structured clone turns the worker's `Buffer`s into plain `Uint8Array`s; this gives them back
 * their `Buffer` prototype without copying, as better-sqlite3 and Kysely's `SqliteDialect` return them.
 */
function blobsToBuffers(rows: unknown[]): void {
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        record[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
}
