/**
 * Runs at most one read per key at a time: a call made while the same read is in flight gets
 * that read's promise (and so the very same result objects). When a client reconnects and resumes
 * its 100 subscriptions from the same `lastEventId`, the log is read and parsed once, and the
 * layers above (`live.changes` validates and serialises each entry object once) share the work.
 * Results are shared, so callers must not mutate them.
 */
export function coalescedReads<A extends readonly unknown[], T>(
  read: (...args: A) => Promise<T>,
  keyOf: (...args: A) => string,
): (...args: A) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (...args) => {
    const key = keyOf(...args);
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = read(...args).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
