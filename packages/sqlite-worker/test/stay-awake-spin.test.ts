import { describe, expect, it } from 'vitest';
import { STAY_AWAKE_MAX_CALLS, type StayAwakeConfig } from '../src/stay-awake/stay-awake-backoff.js';
import { StayAwakeSpin } from '../src/stay-awake/stay-awake-spin.js';

const config: StayAwakeConfig = { windowUs: 100, backoffMs: 1, maxBackoffMs: 8 };

/** A port whose messages show up at given times, read through a clock that advances 10 µs per read. */
function fakePort(arrivals: { at: number; message: string }[]) {
  let now = 0;
  let checks = 0;
  return {
    clock: () => {
      now += 0.01;
      return now;
    },
    receive: () => {
      checks++;
      const next = arrivals[0];
      if (next === undefined || next.at > now) return undefined;
      arrivals.shift();
      return { message: next.message };
    },
    checks: () => checks,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('StayAwakeSpin', () => {
  it('returns the next batch when it arrives within the window', () => {
    const port = fakePort([{ at: 0.05, message: 'next' }]);
    const spin = new StayAwakeSpin(config, port.receive, port.clock);
    expect(spin.next(1)).toBe('next');
    expect(spin.counts).toEqual({ windows: 1, hits: 1 });
  });

  it('gives up after windowUs, then does not spin until the back-off has passed', () => {
    const port = fakePort([]);
    const spin = new StayAwakeSpin(config, port.receive, port.clock);
    expect(spin.next(1)).toBeUndefined();
    const checks = port.checks();
    // Ten clock reads of 10 µs each fill the 100 µs window.
    expect(checks).toBeGreaterThanOrEqual(9);
    expect(checks).toBeLessThanOrEqual(11);
    expect(spin.next(1)).toBeUndefined();
    expect(port.checks()).toBe(checks);
    port.advance(1);
    expect(spin.next(1)).toBeUndefined();
    expect(port.checks()).toBeGreaterThan(checks);
    expect(spin.counts).toEqual({ windows: 2, hits: 0 });
  });

  it('does not spin after a batch of more than a few calls', () => {
    const port = fakePort([{ at: 0, message: 'next' }]);
    const spin = new StayAwakeSpin(config, port.receive, port.clock);
    expect(spin.next(STAY_AWAKE_MAX_CALLS + 1)).toBeUndefined();
    expect(port.checks()).toBe(0);
    expect(spin.next(STAY_AWAKE_MAX_CALLS)).toBe('next');
  });
});
