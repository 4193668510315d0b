/** A FIFO linked list indexed by entry: push, remove and shift are O(1) however long it gets. */
export class FifoList<E> {
  readonly #nodes = new Map<E, ListNode<E>>();
  #head: ListNode<E> | null = null;
  #tail: ListNode<E> | null = null;

  get size(): number {
    return this.#nodes.size;
  }

  /** The oldest entry, left in place. */
  peek(): E | undefined {
    return this.#head?.entry;
  }

  /** Appends `entry`; an entry can be in the list once at a time. */
  push(entry: E): void {
    const node: ListNode<E> = { entry, prev: this.#tail, next: null };
    if (this.#tail === null) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#nodes.set(entry, node);
  }

  /** Removes `entry`; `false` if it was not in the list. */
  remove(entry: E): boolean {
    const node = this.#nodes.get(entry);
    if (node === undefined) return false;
    if (node.prev === null) this.#head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.#tail = node.prev;
    else node.next.prev = node.prev;
    this.#nodes.delete(entry);
    return true;
  }
}

interface ListNode<E> {
  readonly entry: E;
  prev: ListNode<E> | null;
  next: ListNode<E> | null;
}
