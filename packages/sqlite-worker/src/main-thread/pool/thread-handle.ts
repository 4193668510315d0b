import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { WorkerCrashedError } from '../../errors.js';
import type { OpenSpec, QueryPayload, RequestBody, WorkerRequest } from '../../protocol/messages.js';
import {
  RESPONSE_SLOTS,
  RequestEncoder,
  responseError,
  responsePayload,
  TAG_STAY_AWAKE,
} from '../../protocol/wire-codec.js';
import { PostedBatches } from '../../stay-awake/posted-batches.js';
import type { StayAwakeWindow } from '../../stay-awake/stay-awake-window.js';
import { CallFifo } from './call-fifo.js';
import { rejectWithCallerStack } from './caller-stack.js';
import type { HostThread } from './connection-handle.js';
import { type CallTarget, internalCall, type PendingCall } from './pending-call.js';
import { toTypedError } from './remote-error.js';
import { startWorker } from './start-worker.js';

/** Queued requests that trigger an immediate flush instead of waiting for the end of the tick. */
const FLUSH_AT = 32;

/**
 * One worker thread and everything in flight on it. Requests posted in the same tick travel in
 * one message; if the thread dies (crash, or recycled to stop a timed-out read) it is replaced,
 * its connections are reopened on the new thread, and its in-flight calls are settled.
 */
export class ThreadHandle implements HostThread {
  #driver: string;
  /** Null after the thread failed to start; the next call spawns it again. */
  #worker: Worker | null;
  /** The worker posted its ready message (driver loaded); dying before that is a startup failure. */
  #ready = false;
  #nextId = 1;
  /** Posted and not yet answered, in posting order. */
  #inFlight = new CallFifo();
  /** Queued for the next flush. */
  #outgoing: PendingCall[] = [];
  #flushScheduled = false;
  #encoder = new RequestEncoder();
  /** Counts posted batches in memory the worker shares, for its stay-awake spin (a respawned thread gets the same). */
  readonly #posted = new PostedBatches();
  #connections = new Map<number, OpenSpec>();
  #stopped = false;
  #onRespawn: () => void;
  /** The pool's main-thread window (shared by its threads: they share one event loop); null when off. */
  #stayAwake: StayAwakeWindow | null;
  #replacedWaiters: (() => void)[] = [];
  /** Bumped each time the thread is replaced; streams and transactions started earlier are void. */
  generation = 0;

  constructor(options: { driver: string; onRespawn: () => void; stayAwake: StayAwakeWindow | null }) {
    this.#driver = options.driver;
    this.#onRespawn = options.onRespawn;
    this.#stayAwake = options.stayAwake;
    this.#stayAwake?.watch(() => this.#inFlight.size);
    this.#worker = this.#spawn();
  }

  /** Open connections hosted here (reopened after a respawn). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Queues a request for the next flush. `retryable` marks plain reads that may be re-sent after a recycle. */
  send(body: RequestBody, handle: CallTarget | null, retryable = false): Promise<QueryPayload> {
    return new Promise<QueryPayload>((resolve, reject) => {
      this.enqueue({
        request: body as WorkerRequest,
        handle,
        retryable,
        posted: false,
        settled: false,
        resolve,
        reject: (error) => rejectWithCallerStack(resolve, reject, error),
      });
    });
  }

  /** Queues an already-built call (used by `send` and to re-send after a recycle). */
  enqueue(call: PendingCall): void {
    if (this.#stopped) {
      call.reject(new WorkerCrashedError('The SQLite pool is closed'));
      return;
    }
    if (this.#worker === null) this.#respawn();
    (call.request as { id: number }).id = this.#nextId++;
    if (this.#count() === 0) this.#worker?.ref();
    call.posted = false;
    call.settled = false;
    const handle = call.handle;
    if (handle !== null && handle.inFlight++ === 0) handle.busySince = performance.now();
    if (call.request.op === 'open') this.#connections.set(call.request.conn, call.request.spec);
    else if (call.request.op === 'close') this.#connections.delete(call.request.conn);
    this.#outgoing.push(call);
    // Big bursts go out early so the worker starts while the main thread is still producing.
    if (this.#outgoing.length >= FLUSH_AT) this.#flush();
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(this.#flush);
    }
  }

  /**
   * Gives up on a call. Unposted calls are just dropped; a posted retryable read can only be
   * stopped by recycling the thread (better-sqlite3 has no interrupt). Returns false for posted
   * writes, which cannot be stopped safely.
   */
  cancel(call: PendingCall, error: Error): boolean {
    if (call.settled) return false;
    if (!call.posted) {
      const index = this.#outgoing.indexOf(call);
      if (index < 0) return false;
      this.#outgoing.splice(index, 1);
      this.#settle(call);
      call.reject(error);
      return true;
    }
    if (!call.retryable) return false;
    // Settled now; #replace skips it when it drains the in-flight queue.
    this.#settle(call);
    call.reject(error);
    this.#replace('recycle');
    return true;
  }

  /** Test hook: exits the thread as a native crash would; resolves once the thread was replaced. */
  crash(): Promise<void> {
    if (this.#worker === null) return Promise.resolve();
    const replaced = new Promise<void>((resolve) => this.#replacedWaiters.push(resolve));
    this.#outgoing.push(internalCall({ op: 'crashForTesting', id: this.#nextId++ }));
    this.#flush();
    return replaced;
  }

  /** Stops the thread; calls still pending reject with `WorkerCrashedError`. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const worker = this.#worker;
    this.#worker = null;
    for (const resolve of this.#replacedWaiters.splice(0)) resolve();
    const calls = [...this.#inFlight.drain(), ...this.#outgoing];
    this.#outgoing = [];
    for (const call of calls) {
      if (call.settled) continue;
      this.#settle(call);
      call.reject(new WorkerCrashedError('The SQLite pool was closed while the call was pending'));
    }
    if (worker === null) return;
    worker.removeAllListeners();
    worker.on('error', () => {});
    await worker.terminate();
  }

  #flush = (): void => {
    this.#flushScheduled = false;
    const calls = this.#outgoing;
    if (calls.length === 0 || this.#worker === null) return;
    this.#outgoing = [];
    const batch: unknown[] = [];
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      call.posted = true;
      this.#inFlight.push(call);
      this.#encoder.encode(call.request, batch);
    }
    if (this.#stayAwake?.expectAnswers()) batch.push(TAG_STAY_AWAKE);
    this.#worker.postMessage(batch);
    this.#posted.bump();
  };

  #spawn(): Worker {
    const worker = startWorker(this.#driver, this.#stayAwake?.config ?? null, this.#posted.buffer);
    this.#ready = false;
    this.#encoder.reset();
    worker.on('message', this.#onMessage);
    worker.on('error', (error) => this.#replace('crash', error));
    worker.on('exit', () => this.#replace('crash'));
    worker.unref();
    return worker;
  }

  #onMessage = (batch: unknown[]): void => {
    this.#ready = true;
    this.#stayAwake?.arrived();
    const now = performance.now();
    for (let offset = 0; offset < batch.length; offset += RESPONSE_SLOTS) {
      const call = this.#inFlight.peek();
      if (call === undefined || (call.request as { id: number }).id !== batch[offset]) {
        this.#replace(
          'crash',
          new Error(`SQLite worker answered out of order (response ${String(batch[offset])})`),
        );
        return;
      }
      this.#inFlight.shift();
      if (call.settled) continue;
      this.#settle(call);
      if (call.handle !== null && call.handle.inFlight > 0) call.handle.busySince = now;
      const error = responseError(batch, offset);
      if (error === null) call.resolve(responsePayload(batch, offset));
      else call.reject(toTypedError(error, call.handle?.spec.path ?? ''));
    }
  };

  #settle(call: PendingCall): void {
    call.settled = true;
    if (call.handle !== null) call.handle.inFlight--;
    if (this.#count() === 0) this.#worker?.unref();
  }

  /** Calls queued or in flight (including given-up calls still awaiting their answer). */
  #count(): number {
    return this.#outgoing.length + this.#inFlight.size;
  }

  /**
   * Replaces the worker. On a crash every posted call rejects with `WorkerCrashedError`. On a
   * recycle (to stop a timed-out read) plain reads are re-sent; anything else rejects, because a
   * write may or may not have committed before the thread stopped.
   */
  #replace(reason: 'crash' | 'recycle', cause?: unknown): void {
    const old = this.#worker;
    if (this.#stopped || old === null) return;
    old.removeAllListeners();
    old.on('error', () => {});
    if (reason === 'recycle') old.terminate().catch(() => {});
    this.#worker = null;
    this.generation++;
    for (const resolve of this.#replacedWaiters.splice(0)) resolve();
    const inFlight = this.#inFlight.drain().filter((call) => !call.settled);
    const waiting = this.#outgoing;
    this.#outgoing = [];
    if (!this.#ready && reason === 'crash') {
      // Died before loading its driver: respawning now would loop. Fail everything; the next call retries.
      // (A recycle before the ready message is no startup failure: it stops a read that timed out early.)
      for (const call of [...inFlight, ...waiting]) {
        this.#settle(call);
        call.reject(new WorkerCrashedError('The SQLite worker thread failed to start', { cause }));
      }
      return;
    }
    for (const call of inFlight) this.#settle(call);
    const fresh = this.#respawn();
    for (const call of inFlight) {
      if (reason === 'recycle' && call.retryable) {
        this.enqueue(call);
      } else {
        const message =
          reason === 'crash'
            ? 'The SQLite worker thread crashed while the call was in flight'
            : 'The SQLite worker thread was recycled to stop a timed-out read while the call was in flight';
        call.reject(new WorkerCrashedError(message, { cause }));
      }
    }
    for (const call of waiting) this.#outgoing.push(call);
    if (this.#count() > 0) fresh.ref();
  }

  /** Starts a new worker and queues the reopening of every connection hosted here, ahead of anything else. */
  #respawn(): Worker {
    const worker = this.#spawn();
    this.#worker = worker;
    for (const [conn, spec] of this.#connections) {
      this.enqueue(internalCall({ op: 'open', id: 0, conn, spec }));
    }
    this.#onRespawn();
    return worker;
  }
}
