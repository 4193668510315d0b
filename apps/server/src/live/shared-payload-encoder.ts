import { sharedPayloadJson } from '@coffer/api';
import { type Encoder, jsonEncoder } from '@trpc/server/adapters/ws';

/**
 * tRPC's WebSocket `Encoder` (JSON), except that a data message whose payload was marked shared
 * (`sharePayload` in `@coffer/api`: one `live.changes` event per change, seen by every subscriber
 * of the user) is assembled around the payload's JSON text, computed once, instead of serialising
 * the payload again for each subscriber. The output parses to what `JSON.stringify` would write.
 */
export const sharedPayloadEncoder: Encoder = {
  encode(message: unknown): string {
    return spliced(message) ?? JSON.stringify(message);
  },
  decode: (data) => jsonEncoder.decode(data),
};

function spliced(message: unknown): string | undefined {
  const { id, jsonrpc, result } = message as {
    id?: unknown;
    jsonrpc?: unknown;
    result?: { type?: unknown; id?: unknown; data?: unknown };
  };
  if (result?.type !== 'data' || (typeof id !== 'number' && typeof id !== 'string')) return undefined;
  if (jsonrpc !== undefined && jsonrpc !== '2.0') return undefined;
  const head = `{"id":${JSON.stringify(id)}${jsonrpc === '2.0' ? ',"jsonrpc":"2.0"' : ''},"result":{"type":"data"`;
  if (typeof result.id === 'string') {
    // A tracked event: `data` is `{ id, data: payload }`.
    const envelope = result.data as { id?: unknown; data?: unknown } | undefined;
    const json = envelope?.id === result.id ? sharedPayloadJson(envelope.data) : undefined;
    if (json === undefined) return undefined;
    const eventId = JSON.stringify(result.id);
    return `${head},"id":${eventId},"data":{"id":${eventId},"data":${json}}}}`;
  }
  const json = sharedPayloadJson(result.data);
  return json === undefined ? undefined : `${head},"data":${json}}}`;
}
