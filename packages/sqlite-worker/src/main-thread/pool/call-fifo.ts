import type { PendingCall } from './pending-call.js';

/**
 * The calls posted to one worker, oldest first. A worker answers strictly in the order it
 * received requests (one thread, batches in order), so answers are matched to the head of this
 * queue: no id lookup table to grow, rehash and garbage-collect at thousands of calls in flight.
 */
export class CallFifo {
  #items: (PendingCall | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(call: PendingCall): void {
    this.#items.push(call);
  }

  peek(): PendingCall | undefined {
    return this.#items[this.#head];
  }

  shift(): PendingCall | undefined {
    const call = this.#items[this.#head];
    if (call === undefined) return undefined;
    this.#items[this.#head++] = undefined;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return call;
  }

  /** Removes and returns every call, oldest first. */
  drain(): PendingCall[] {
    const rest = this.#items.slice(this.#head) as PendingCall[];
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}
