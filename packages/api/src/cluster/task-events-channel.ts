import type { TaskEvent, TaskEventType, TaskSnapshot } from '@coffer/tasks';
import { MAX_NOTIFY_BYTES, type PostgresListener } from './postgres-listener.js';

/** The `NOTIFY` channel of cluster task events. */
export const TASK_EVENTS_CHANNEL = 'coffer_task_events';

/** On the wire: the snapshot itself, or only its id when it is too big (the receiver reads the row). */
type Wire =
  | { owner: string; type: TaskEventType; task: TaskSnapshot }
  | { owner: string; type: TaskEventType; id: string };

/**
 * Task events of every instance: `announce` `NOTIFY`s one event, every instance hands it to its
 * local subscribers of that owner (an instance without any ignores it, reading nothing).
 */
export class TaskEventsChannel {
  readonly #listener: PostgresListener;
  readonly #subscribers = new Map<string, Set<(event: TaskEvent) => void>>();
  #off: (() => void) | undefined;

  constructor(listener: PostgresListener) {
    this.#listener = listener;
  }

  /** Starts listening; `load` reads a snapshot too big for a notification. */
  async listen(load: (id: string) => Promise<TaskSnapshot | undefined>, onError: (error: unknown) => void) {
    this.#off = await this.#listener.on(TASK_EVENTS_CHANNEL, (payload) => {
      const wire = payload as Wire;
      if (!this.#subscribers.has(wire.owner)) return;
      if ('task' in wire) {
        this.#deliver(wire.owner, { type: wire.type, task: wire.task });
        return;
      }
      load(wire.id)
        .then((task) => {
          if (task) this.#deliver(wire.owner, { type: wire.type, task });
        })
        .catch(onError);
    });
  }

  /** Sends one event to every instance. */
  async announce(type: TaskEventType, task: TaskSnapshot): Promise<void> {
    const owner = task.owner ?? '';
    const full: Wire = { owner, type, task };
    // Results and errors may quote the user's CSV: they never travel in clear, the receiver reads
    // (and opens) the sealed row instead.
    const inline =
      task.result === undefined &&
      task.error === undefined &&
      Buffer.byteLength(JSON.stringify(full)) <= MAX_NOTIFY_BYTES;
    await this.#listener.notify(TASK_EVENTS_CHANNEL, inline ? full : { owner, type, id: task.id });
  }

  /** Adds a local subscriber of `owner`'s events; returns its removal function. */
  subscribe(owner: string, push: (event: TaskEvent) => void): () => void {
    const set = this.#subscribers.get(owner) ?? new Set();
    this.#subscribers.set(owner, set);
    set.add(push);
    return () => {
      set.delete(push);
      if (set.size === 0) this.#subscribers.delete(owner);
    };
  }

  /** Stops listening. */
  close(): void {
    this.#off?.();
  }

  #deliver(owner: string, event: TaskEvent) {
    for (const push of [...(this.#subscribers.get(owner) ?? [])]) push(event);
  }
}
