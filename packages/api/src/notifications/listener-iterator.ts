/**
 * Turns a listener registration into an async iterator for a subscription: buffers up to
 * `maxBuffered` values (a slower consumer is cut off with `onOverflow()`'s error), ends quietly when
 * `signal` aborts, and unregisters on exit.
 */
export async function* listenerIterator<T>(options: {
  subscribe: (push: (value: T) => void) => () => void;
  signal: AbortSignal | undefined;
  maxBuffered: number;
  onOverflow: () => Error;
}): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  const queue: T[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = options.subscribe((value) => {
    if (queue.length >= options.maxBuffered) overflowed = true;
    else queue.push(value);
    notify();
  });
  signal?.addEventListener('abort', notify, { once: true });
  try {
    while (!signal?.aborted) {
      if (overflowed) throw options.onOverflow();
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', notify);
  }
}
