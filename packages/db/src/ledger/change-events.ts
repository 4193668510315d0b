import type { ChangeEntry } from '../model.js';
import type { ChangeListener } from './change-notifier.js';

/** Options of `ledger.changes.events`. */
export interface ChangeEventsOptions {
  /** Yield entries with `seq > after` (a client's `lastEventId`); `ChangeLogPrunedError` if pruned. @default latest seq (only new changes) */
  after?: number;
  /** Ends the iteration quietly when aborted. */
  signal?: AbortSignal;
  /**
   * Entries held for a slow consumer. Past it the buffer is dropped and the consumer catches up
   * from the log instead, so memory stays bounded and nothing is lost. @default 1000
   */
  maxBuffered?: number;
}

/** What {@link changeEvents} reads and listens to. */
export interface ChangeEventSource {
  readAfter(after: number, limit: number): Promise<ChangeEntry[]>;
  latestSeq(): Promise<number>;
  subscribe(listener: ChangeListener): () => void;
}

const PAGE = 500;

/**
 * The resumable change stream: subscribes to the notifier first, then replays the log after
 * `after`, then goes live, yielding each `seq` exactly once and in order. Pushed entries are used
 * only when they continue the last seq seen; any gap (overflow, a read racing a commit) is filled
 * from the log, which is the source of truth.
 */
export async function* changeEvents(
  source: ChangeEventSource,
  options: ChangeEventsOptions = {},
): AsyncGenerator<ChangeEntry, void, undefined> {
  const { signal } = options;
  const maxBuffered = options.maxBuffered ?? 1_000;
  if (!Number.isInteger(maxBuffered) || maxBuffered < 1) {
    throw new TypeError('options.maxBuffered must be an integer >= 1');
  }
  if (signal?.aborted) return;
  let buffer: ChangeEntry[] = [];
  let behind = false; // the buffer overflowed: read from the log
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = source.subscribe((entries) => {
    if (behind) return notify();
    buffer.push(...entries);
    if (buffer.length > maxBuffered) {
      buffer = [];
      behind = true;
    }
    notify();
  });
  signal?.addEventListener('abort', notify, { once: true });
  try {
    let last = options.after ?? (await source.latestSeq());
    behind = true; // replay first
    while (!signal?.aborted) {
      if (behind) {
        behind = false;
        buffer = [];
        for (;;) {
          const page = await source.readAfter(last, PAGE);
          for (const entry of page) {
            if (signal?.aborted) return;
            last = entry.seq;
            yield entry;
          }
          if (page.length < PAGE) break;
        }
        continue;
      }
      const next = buffer.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      if (next.seq <= last) continue; // already replayed
      if (next.seq > last + 1) {
        // A jump (a dropped buffer, a restore's counter bump): the log says what, if anything, is missing.
        behind = true;
        continue;
      }
      last = next.seq;
      yield next;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', notify);
  }
}
