import { QueryAbortedError, WorkerCrashedError } from '../../errors.js';
import type { QueryPayload } from '../../protocol/messages.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';

/** What a stream needs: the connection it runs on and how to give it back. */
export interface StreamSource {
  handle: ConnectionHandle;
  sql: string;
  params: readonly unknown[];
  chunkSize: number;
  signal: AbortSignal | undefined;
  /** Called once when the stream ends, fails or is returned early. */
  release(): void;
}

/**
 * Pulls a cursor chunk by chunk from the worker. Breaking out of `for await` (or aborting)
 * closes the cursor in the worker and releases the connection.
 */
export async function* streamRows<R>(source: StreamSource): AsyncGenerator<R[], void, undefined> {
  const { handle, signal } = source;
  const { thread } = handle;
  const generation = thread.generation;
  let open = false;
  try {
    signal?.throwIfAborted();
    let payload: QueryPayload = await thread.send(
      {
        op: 'streamOpen',
        conn: handle.id,
        sql: source.sql,
        params: source.params,
        chunkSize: source.chunkSize,
      },
      handle,
    );
    open = !payload.done;
    while (true) {
      if (payload.rows.length > 0) yield payload.rows as R[];
      if (payload.done) return;
      if (signal?.aborted) throw new QueryAbortedError(signal.reason);
      if (thread.generation !== generation)
        throw new WorkerCrashedError('The stream was lost when its worker thread was replaced');
      payload = await thread.send({ op: 'streamNext', conn: handle.id }, handle);
      if (thread.generation !== generation)
        throw new WorkerCrashedError('The stream was lost when its worker thread was replaced');
      open = !payload.done;
    }
  } finally {
    if (open && thread.generation === generation) {
      await thread.send({ op: 'streamClose', conn: handle.id }, handle).catch(() => {});
    }
    source.release();
  }
}
