import { describe, expect, it } from 'vitest';
import { monthOf, monthsBetween, today } from '../src/lib/dates.ts';

describe('dates for the API', () => {
  it('writes a local date as YYYY-MM-DD', () => {
    expect(today(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });

  it('counts months back across a year boundary', () => {
    const now = new Date(2026, 1, 28);
    expect(monthOf(now)).toBe('2026-02');
    expect(monthOf(now, 2)).toBe('2025-12');
    expect(monthOf(now, 14)).toBe('2024-12');
  });

  it('lists every month of a range in order, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });
});
