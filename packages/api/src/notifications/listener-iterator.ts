/**
 * Turns a listener registration into an async iterator for a subscription, through a bounded
 * queue of `maxBuffered` values (no `node:events` `on()`, whose buffer has no bound). When a push
 * finds the queue full, the queue is dropped and, at the consumer's next step, `onOverflow()` runs:
 * the error it returns is thrown, or, when it returns `undefined` (it shed the connection), the
 * iteration ends quietly. Ends quietly when `signal` aborts; unregisters on exit.
 */
export async function* listenerIterator<T>(options: {
  subscribe: (push: (value: T) => void) => () => void;
  signal: AbortSignal | undefined;
  maxBuffered: number;
  onOverflow: () => Error | undefined;
}): AsyncGenerator<T, void, undefined> {
  const { signal, maxBuffered } = options;
  let queue: T[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = options.subscribe((value) => {
    if (overflowed) return;
    if (queue.length >= maxBuffered) {
      overflowed = true;
      queue = [];
    } else queue.push(value);
    notify();
  });
  signal?.addEventListener('abort', notify, { once: true });
  try {
    while (!signal?.aborted) {
      if (overflowed) {
        const error = options.onOverflow();
        if (error) throw error;
        return;
      }
      if (queue.length > 0) {
        yield queue.shift() as T;
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
