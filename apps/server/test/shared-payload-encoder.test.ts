import { sharePayload } from '@coffer/api';
import { describe, expect, it } from 'vitest';
import { sharedPayloadEncoder } from '../src/live/shared-payload-encoder.js';

/** A payload that counts how often it is serialised. */
function countingPayload() {
  const payload = {
    serialised: 0,
    kind: 'change',
    change: { seq: 7, entity: 'entry', text: 'quote " and \u2028 line separator' },
    toJSON() {
      payload.serialised += 1;
      return { kind: payload.kind, change: payload.change };
    },
  };
  return payload;
}

const trackedMessage = (id: number, payload: unknown, jsonrpc?: '2.0') => ({
  id,
  ...(jsonrpc ? { jsonrpc } : {}),
  result: { type: 'data', data: { id: '7', data: payload }, id: '7' },
});

describe('sharedPayloadEncoder', () => {
  it('serialises a shared payload once for any number of subscribers', () => {
    const payload = sharePayload(countingPayload());
    for (let id = 1; id <= 3; id += 1) sharedPayloadEncoder.encode(trackedMessage(id, payload));
    expect(payload.serialised).toBe(1);
  });

  it('serialises an unshared payload for each message, as JSON.stringify does', () => {
    const payload = countingPayload();
    for (let id = 1; id <= 3; id += 1) sharedPayloadEncoder.encode(trackedMessage(id, payload));
    expect(payload.serialised).toBe(3);
  });

  it('writes JSON that parses to what JSON.stringify would write', () => {
    const payload = sharePayload(countingPayload());
    const messages = [
      trackedMessage(1, payload),
      trackedMessage(2, payload, '2.0'),
      { id: 'x', result: { type: 'data', data: payload } },
      { id: 3, result: { type: 'started' } },
      { id: null, error: { code: -32600, message: 'bad' } },
    ];
    for (const message of messages) {
      expect(JSON.parse(sharedPayloadEncoder.encode(message) as string)).toEqual(
        JSON.parse(JSON.stringify(message)),
      );
    }
  });
});
