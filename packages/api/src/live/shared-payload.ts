/**
 * Payloads shared by every subscriber of one user (one `live.changes` event per change, not per
 * subscriber), with their JSON text computed once, the first time a transport asks for it.
 */
const jsonOf = new WeakMap<object, string | null>();

/** Marks `value` as shared by many subscribers, so a transport may serialise it once; returns it. */
export function sharePayload<T extends object>(value: T): T {
  if (!jsonOf.has(value)) jsonOf.set(value, null);
  return value;
}

/**
 * The JSON text of a payload marked by {@link sharePayload} (computed on the first call, then
 * reused), or `undefined` for any other value. A WebSocket encoder splices it into each
 * subscriber's envelope instead of serialising the payload again.
 */
export function sharedPayloadJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const json = jsonOf.get(value);
  if (json === undefined) return undefined;
  if (json !== null) return json;
  const text = JSON.stringify(value);
  jsonOf.set(value, text);
  return text;
}
