import { describe, expect, it } from 'vitest';
import {
  STAY_AWAKE_MAX_CALLS,
  StayAwakeBackoff,
  type StayAwakeConfig,
} from '../src/stay-awake/stay-awake-backoff.js';
import { resolveStayAwake } from '../src/stay-awake/stay-awake-options.js';
import { type StayAwakeScheduler, StayAwakeWindow } from '../src/stay-awake/stay-awake-window.js';

const config: StayAwakeConfig = { windowUs: 100, backoffMs: 1, maxBackoffMs: 8 };

/** Runs `open` then lets the window run out empty at `at` ms; returns the time the miss was recorded. */
function miss(state: StayAwakeBackoff, at: number): number {
  expect(state.open(at)).toBe(true);
  expect(state.poll(at + 0.05)).toBe(true);
  expect(state.poll(at + 0.1)).toBe(false);
  return at + 0.1;
}

describe('StayAwakeBackoff', () => {
  it('keeps a window open for windowUs and ends it with a hit when the message arrives', () => {
    const state = new StayAwakeBackoff(config);
    expect(state.open(0)).toBe(true);
    expect(state.poll(0.099)).toBe(true);
    state.arrive(0.099);
    expect(state.isOpen).toBe(false);
    expect(state.poll(0.099)).toBe(false);
    expect({ windows: state.windows, hits: state.hits }).toEqual({ windows: 1, hits: 1 });
    expect(state.open(0.2)).toBe(true);
  });

  it('opens no window for backoffMs after a window ran out empty', () => {
    const state = new StayAwakeBackoff(config);
    const missedAt = miss(state, 0);
    expect(state.open(missedAt + 0.5)).toBe(false);
    expect(state.open(missedAt + 0.999)).toBe(false);
    expect(state.open(missedAt + 1)).toBe(true);
  });

  it('doubles the pause on each further miss up to maxBackoffMs', () => {
    const state = new StayAwakeBackoff(config);
    const pauses: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      pauses.push(state.backoffMs);
      now = miss(state, now) + state.backoffMs;
    }
    expect(pauses).toEqual([1, 2, 4, 8, 8, 8]);
    expect(state.open(now - 0.001)).toBe(false);
  });

  it('halves the pause on a hit, down to backoffMs', () => {
    const state = new StayAwakeBackoff(config);
    let now = 0;
    for (const pause of [1, 2, 4]) now = miss(state, now) + pause;
    expect(state.backoffMs).toBe(8);
    const hit = () => {
      expect(state.open(now)).toBe(true);
      state.arrive(now + 0.05);
      now += 0.1;
    };
    hit();
    expect(state.backoffMs).toBe(4);
    // One hit under contention does not undo the back-off: the next miss still pauses 4 ms.
    const missedAt = miss(state, now);
    expect(state.open(missedAt + 3.9)).toBe(false);
    now = missedAt + 4;
    const pauses: number[] = [];
    for (let i = 0; i < 4; i++) {
      hit();
      pauses.push(state.backoffMs);
    }
    expect(pauses).toEqual([4, 2, 1, 1]);
  });

  it('counts a message outside any window as neither hit nor reset', () => {
    const state = new StayAwakeBackoff(config);
    const missedAt = miss(state, 0);
    state.arrive(missedAt + 0.1);
    expect(state.hits).toBe(0);
    expect(state.backoffMs).toBe(2);
    expect(state.open(missedAt + 0.5)).toBe(false);
  });

  it('counts a message found after the window ran out as a miss, before the window noticed', () => {
    const state = new StayAwakeBackoff(config);
    expect(state.open(0)).toBe(true);
    // Descheduled mid-window: the message is handled first, at 2 ms, before any poll.
    state.arrive(2);
    expect(state.hits).toBe(0);
    expect(state.isOpen).toBe(false);
    expect(state.backoffMs).toBe(2);
    expect(state.open(2.5)).toBe(false);
    expect(state.open(3)).toBe(true);
  });

  it('extends an open window instead of counting a second one', () => {
    const state = new StayAwakeBackoff(config);
    state.open(0);
    state.open(0.08);
    expect(state.poll(0.15)).toBe(true);
    expect(state.windows).toBe(1);
  });
});

/** A clock and an immediate queue the test steps by hand. */
function fakeLoop() {
  let now = 0;
  const queue = new Map<number, () => void>();
  let next = 1;
  const scheduler: StayAwakeScheduler = {
    schedule: (callback) => {
      queue.set(next, callback);
      return next++;
    },
    cancel: (handle) => queue.delete(handle as number),
  };
  return {
    scheduler,
    clock: () => now,
    pending: () => queue.size,
    /** Advances the clock, then runs the immediates queued before this step (one loop iteration). */
    step(ms: number) {
      now += ms;
      const due = [...queue.entries()];
      queue.clear();
      for (const [, callback] of due) callback();
    },
  };
}

describe('StayAwakeWindow', () => {
  it('polls with a chain of immediates until the message arrives', () => {
    const loop = fakeLoop();
    const window = new StayAwakeWindow(config, loop.clock, loop.scheduler);
    window.expect(1);
    expect(loop.pending()).toBe(1);
    loop.step(0.02);
    loop.step(0.02);
    expect(window.polling).toBe(true);
    window.arrived();
    loop.step(0.02);
    expect(window.polling).toBe(false);
    expect(loop.pending()).toBe(0);
    expect(window.counts).toEqual({ windows: 1, hits: 1 });
  });

  it('stops polling when the window runs out, then backs off', () => {
    const loop = fakeLoop();
    const window = new StayAwakeWindow(config, loop.clock, loop.scheduler);
    window.expect(1);
    loop.step(0.05);
    loop.step(0.06);
    expect(loop.pending()).toBe(0);
    // Backing off: no polling here, but the other side may still stay awake.
    expect(window.expect(1)).toBe(true);
    expect(loop.pending()).toBe(0);
    loop.step(1);
    window.expect(1);
    expect(loop.pending()).toBe(1);
  });

  it('opens no window when the other side has more than a few calls to run', () => {
    const loop = fakeLoop();
    const window = new StayAwakeWindow(config, loop.clock, loop.scheduler);
    expect(window.expect(STAY_AWAKE_MAX_CALLS + 1)).toBe(false);
    expect(loop.pending()).toBe(0);
    expect(window.expect(STAY_AWAKE_MAX_CALLS)).toBe(true);
    expect(loop.pending()).toBe(1);
  });

  it('close() cancels the pending immediate and opens no further window', () => {
    const loop = fakeLoop();
    const window = new StayAwakeWindow(config, loop.clock, loop.scheduler);
    window.expect(1);
    window.close();
    expect(loop.pending()).toBe(0);
    window.expect(1);
    expect(loop.pending()).toBe(0);
    expect(window.polling).toBe(false);
  });
});

describe('resolveStayAwake', () => {
  it('is on by default with more than one CPU and off with one', () => {
    expect(resolveStayAwake({}, 2)).toEqual({ windowUs: 100, backoffMs: 1, maxBackoffMs: 64 });
    expect(resolveStayAwake({}, 1)).toBeNull();
    expect(resolveStayAwake({ stayAwakeUs: 50 }, 1)).toEqual({
      windowUs: 50,
      backoffMs: 1,
      maxBackoffMs: 64,
    });
  });

  it('is off with stayAwakeUs: 0', () => {
    expect(resolveStayAwake({ stayAwakeUs: 0 }, 8)).toBeNull();
  });

  it('rejects bad values with a TypeError naming the option', () => {
    for (const stayAwakeUs of [-1, Number.NaN, 2_000_000, '100' as unknown as number]) {
      expect(() => resolveStayAwake({ stayAwakeUs }, 2)).toThrow(/options\.stayAwakeUs/);
    }
    expect(() => resolveStayAwake({ stayAwakeBackoffMs: 0 }, 2)).toThrow(/options\.stayAwakeBackoffMs/);
    expect(() => resolveStayAwake({ stayAwakeBackoffMs: 4, stayAwakeMaxBackoffMs: 2 }, 2)).toThrow(
      /options\.stayAwakeMaxBackoffMs/,
    );
    expect(() => resolveStayAwake({ stayAwakeUs: -1 }, 2)).toThrow(TypeError);
  });
});

describe('StayAwakeWindow#callsInFlight', () => {
  it('sums the calls in flight of every watched thread', () => {
    const window = new StayAwakeWindow(config);
    const counts = [3, 2];
    window.watch(() => counts[0]!);
    window.watch(() => counts[1]!);
    expect(window.callsInFlight()).toBe(5);
    counts[0] = 0;
    expect(window.callsInFlight()).toBe(2);
    window.close();
  });
});
