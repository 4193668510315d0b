import { FifoList } from './fifo-list.js';

/** What the queue needs to know about an entry. */
export interface Queueable {
  readonly owner: string | null;
}

/**
 * The FIFO of tasks waiting for a slot, kept as one lane per owner. `takeFirst` returns the oldest
 * entry among the lanes whose owner may start a task now, so an owner at its limit waits without
 * blocking the others, and a take costs O(owners with queued tasks), not O(queued tasks).
 */
export class TaskQueue<E extends Queueable> {
  readonly #lanes = new Map<string | null, FifoList<E>>();
  /** Arrival order, to compare the heads of different lanes. */
  readonly #arrival = new Map<E, number>();
  #nextArrival = 0;

  /** How many entries wait. */
  get size(): number {
    return this.#arrival.size;
  }

  push(entry: E): void {
    let lane = this.#lanes.get(entry.owner);
    if (lane === undefined) {
      lane = new FifoList<E>();
      this.#lanes.set(entry.owner, lane);
    }
    lane.push(entry);
    this.#arrival.set(entry, this.#nextArrival++);
  }

  /** Removes `entry`; `false` if it was not queued. */
  remove(entry: E): boolean {
    const lane = this.#lanes.get(entry.owner);
    if (lane === undefined || !lane.remove(entry)) return false;
    if (lane.size === 0) this.#lanes.delete(entry.owner);
    this.#arrival.delete(entry);
    return true;
  }

  /** Removes and returns the oldest entry whose owner `canStart` accepts. */
  takeFirst(canStart: (owner: string | null) => boolean): E | undefined {
    let oldest: E | undefined;
    let oldestArrival = Number.POSITIVE_INFINITY;
    for (const [owner, lane] of this.#lanes) {
      const head = lane.peek();
      if (head === undefined || !canStart(owner)) continue;
      const arrival = this.#arrival.get(head)!;
      if (arrival < oldestArrival) {
        oldest = head;
        oldestArrival = arrival;
      }
    }
    if (oldest !== undefined) this.remove(oldest);
    return oldest;
  }
}
