import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SENDS_PER_TURN, WebSocketGuard } from '../src/live/websocket-guard.js';
import { resolveWebSocketLimits } from '../src/live/websocket-limits.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A guard over the server side of a real WebSocket connection on 127.0.0.1. */
async function connectedGuard(): Promise<WebSocketGuard> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const [[ws, request]] = (await Promise.all([accepted, once(client, 'open')])) as [
    [WebSocket, { socket: Socket }],
    unknown,
  ];
  cleanup = async () => {
    client.terminate();
    server.close();
    await once(server, 'close');
  };
  return new WebSocketGuard({
    ws,
    socket: request.socket,
    limits: resolveWebSocketLimits(),
    onShed: () => {},
  });
}

describe('WebSocketGuard', () => {
  it('lets a connection send SENDS_PER_TURN events per event-loop turn, the rest in the next turn', async () => {
    const guard = await connectedGuard();
    const firstTurn = Array.from({ length: SENDS_PER_TURN + 1 }, () => guard.congested);
    expect(firstTurn.slice(0, SENDS_PER_TURN)).not.toContain(true);
    expect(firstTurn[SENDS_PER_TURN]).toBe(true);
    await guard.drained();
    expect(guard.congested).toBe(false);
  });

  it('keeps the subscriptions of a shed connection waiting until it has closed', async () => {
    const guard = await connectedGuard();
    guard.shed('test');
    expect(guard.congested).toBe(true);
    let woken = false;
    const waiting = guard.drained().then(() => {
      woken = true;
    });
    await setTimeout(50);
    expect(woken).toBe(false);
    guard.closed();
    await waiting;
    expect(woken).toBe(true);
  });
});
