import type { OpenSpec, QueryPayload, WorkerRequest } from '../../protocol/messages.js';

/**
 * The connection a call runs on, as the thread sees it: in-flight accounting that read routing
 * looks at (`ConnectionHandle` is the one implementation).
 */
export interface CallTarget {
  readonly spec: OpenSpec;
  inFlight: number;
  busySince: number;
}

/** A request sent (or about to be sent) to a worker, with the callbacks of its caller. */
export interface PendingCall {
  readonly request: WorkerRequest;
  readonly handle: CallTarget | null;
  /** A plain read on a reader: safe to re-send to a respawned thread after a read timeout recycled it. */
  readonly retryable: boolean;
  /** Posted to the worker (in flight) rather than waiting for the next flush. */
  posted: boolean;
  /** Answered, rejected or given up on; set by the thread. */
  settled: boolean;
  resolve: (payload: QueryPayload) => void;
  reject: (error: Error) => void;
}

const ignore = (): void => {};

/** A call the thread makes on its own behalf (reopen after respawn, test crash): nobody awaits it. */
export function internalCall(request: WorkerRequest): PendingCall {
  return {
    request,
    handle: null,
    retryable: false,
    posted: false,
    settled: false,
    resolve: ignore,
    reject: ignore,
  };
}
