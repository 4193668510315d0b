import type { ChangeEntry } from '../model.js';

/** Receives committed change-log entries in `seq` order (each entry exactly once per listener). */
export type ChangeListener = (entries: readonly ChangeEntry[]) => void;

/** How the notifier reads the log. */
export interface ChangeSource {
  readAfter(after: number, limit: number): Promise<ChangeEntry[]>;
  latestSeq(): Promise<number>;
}

const PAGE = 500;

/**
 * Tells listeners about committed changes by reading the log after each write: pokes that
 * arrive while a read runs coalesce into one more read, so nothing is lost or repeated.
 */
export class ChangeNotifier {
  #listeners = new Set<ChangeListener>();
  #source: ChangeSource;
  #onError: (error: unknown) => void;
  #lastSeq: number;
  #running: Promise<void> | null = null;
  #dirty = false;
  #stopped = false;

  constructor(options: { source: ChangeSource; lastSeq: number; onError: (error: unknown) => void }) {
    this.#source = options.source;
    this.#lastSeq = options.lastSeq;
    this.#onError = options.onError;
  }

  /** Adds a listener; returns its removal function. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Schedules a read of the log; call after every committed write. */
  poke(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Stops notifying and waits for a read in flight (before the database closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#listeners.clear();
    await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#dirty && !this.#stopped) {
      this.#dirty = false;
      try {
        if (this.#listeners.size === 0) {
          // Nobody listens: just move the mark so a later listener does not get stale history.
          this.#lastSeq = Math.max(this.#lastSeq, await this.#source.latestSeq());
          continue;
        }
        for (;;) {
          const entries = await this.#source.readAfter(this.#lastSeq, PAGE);
          if (entries.length === 0 || this.#stopped) break;
          this.#lastSeq = entries[entries.length - 1]?.seq ?? this.#lastSeq;
          this.#emit(entries);
          if (entries.length < PAGE) break;
        }
      } catch (error) {
        if (!this.#stopped) this.#onError(error);
      }
    }
  }

  #emit(entries: readonly ChangeEntry[]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(entries);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
