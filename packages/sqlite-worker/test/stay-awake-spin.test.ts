import { describe, expect, it } from 'vitest';
import { PostedBatches } from '../src/stay-awake/posted-batches.js';
import { STAY_AWAKE_MAX_CALLS, type StayAwakeConfig } from '../src/stay-awake/stay-awake-backoff.js';
import { type SpinSource, StayAwakeSpin } from '../src/stay-awake/stay-awake-spin.js';

const config: StayAwakeConfig = { windowUs: 100, backoffMs: 1, maxBackoffMs: 8 };

/**
 * A port whose batches are posted at given times (ms), read through a clock that advances 10 µs
 * per read. `posted()` counts the batches posted so far, as `PostedBatches` does.
 */
function fakePort(postTimes: number[]) {
  let now = 0;
  let taken = 0;
  let receives = 0;
  const postedBy = (time: number) => postTimes.filter((at) => at <= time).length;
  const source: SpinSource = {
    receive: () => {
      receives++;
      if (taken === postedBy(now)) return undefined;
      return { message: `batch ${++taken}` };
    },
    posted: () => postedBy(now),
  };
  return {
    source,
    clock: () => {
      now += 0.01;
      return now;
    },
    receives: () => receives,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('StayAwakeSpin', () => {
  it('returns the next batch when it is posted within the window', () => {
    const port = fakePort([0.05]);
    const spin = new StayAwakeSpin(config, port.source, port.clock);
    expect(spin.next(1)).toBe('batch 1');
    expect(spin.counts).toEqual({ windows: 1, hits: 1 });
  });

  it('checks the port once, then only when the posted count moves', () => {
    const port = fakePort([0.08]);
    const spin = new StayAwakeSpin(config, port.source, port.clock);
    expect(spin.next(1)).toBe('batch 1');
    expect(port.receives()).toBe(2);
  });

  it('takes a batch that was queued before the spin started', () => {
    const port = fakePort([0]);
    const spin = new StayAwakeSpin(config, port.source, port.clock);
    expect(spin.next(1)).toBe('batch 1');
    expect(port.receives()).toBe(1);
  });

  it('gives up after windowUs, then does not spin until the back-off has passed', () => {
    const port = fakePort([]);
    const spin = new StayAwakeSpin(config, port.source, port.clock);
    const started = port.clock();
    expect(spin.next(1)).toBeUndefined();
    // Each clock read advances 10 µs: the spin read the clock about ten times before giving up.
    expect(port.clock() - started).toBeGreaterThanOrEqual(0.1);
    expect(spin.next(1)).toBeUndefined();
    expect(spin.counts).toEqual({ windows: 1, hits: 0 });
    port.advance(1);
    expect(spin.next(1)).toBeUndefined();
    expect(spin.counts).toEqual({ windows: 2, hits: 0 });
  });

  it('does not spin after a batch of more than a few calls', () => {
    const port = fakePort([0]);
    const spin = new StayAwakeSpin(config, port.source, port.clock);
    expect(spin.next(STAY_AWAKE_MAX_CALLS + 1)).toBeUndefined();
    expect(port.receives()).toBe(0);
    expect(spin.next(STAY_AWAKE_MAX_CALLS)).toBe('batch 1');
  });
});

describe('PostedBatches', () => {
  it('shares its count with a second view of the same memory', () => {
    const main = new PostedBatches();
    const worker = new PostedBatches(main.buffer);
    main.bump();
    main.bump();
    expect(worker.read()).toBe(2);
  });
});
