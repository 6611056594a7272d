import { describe, expect, it } from 'vitest';
import { niceStep, niceValueTicks, timeTicks } from '../../../../shared/format/ticks';

describe('axis ticks', () => {
  it('puts values at 1, 2 or 5 × 10^k from zero', () => {
    expect(niceValueTicks(0, 0.135, 4)).toEqual([0, 0.05, 0.1, 0.15]);
    expect(niceValueTicks(0, 10.01, 4)).toEqual([0, 5, 10, 15]);
    expect(niceValueTicks(0, 16.4, 4)).toEqual([0, 5, 10, 15, 20]);
    expect(niceStep(7, 4)).toBe(2);
  });

  it('puts times at one regular, clock-aligned step (never :51 then :01)', () => {
    const from = Date.parse('2026-12-03T13:00:39.400Z');
    const to = Date.parse('2026-12-03T13:00:48.300Z');
    const ticks = timeTicks(from, to, 6).map((t) => new Date(t).toISOString().slice(17, 19));
    expect(ticks).toEqual(['40', '42', '44', '46', '48']);
    const hour = timeTicks(Date.parse('2026-12-03T12:07:13Z'), Date.parse('2026-12-03T13:07:13Z'), 6);
    expect(hour.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['12:10', '12:20', '12:30', '12:40', '12:50', '13:00']);
  });

  it('has no tick for an empty or reversed window', () => {
    expect(timeTicks(10, 5)).toEqual([]);
  });
});
