/**
 * How many batches the main thread has posted to one worker, kept in shared memory. The worker's
 * spin watches this number rather than the port: reading a shared integer takes no lock, whereas
 * each `receiveMessageOnPort` takes the port's mutex — the one the main thread's `postMessage`
 * needs to queue the batch. A spin that held it much of the time would make `postMessage` find it
 * taken and sleep on a futex until released: a thread wake-up, the very cost the window avoids.
 * The counter wraps at 2³¹; only changes matter.
 */
export class PostedBatches {
  /** The shared memory, handed to the worker at spawn. */
  readonly buffer: SharedArrayBuffer;
  readonly #count: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.#count = new Int32Array(buffer);
  }

  /** Main thread: one more batch was posted (call after `postMessage`, so the batch is queued). */
  bump(): void {
    Atomics.add(this.#count, 0, 1);
  }

  /** Worker: the current count. */
  read(): number {
    return Atomics.load(this.#count, 0);
  }
}
