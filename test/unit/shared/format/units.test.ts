import { describe, expect, it } from 'vitest';
import {
  formatBps,
  formatBytes,
  formatInScale,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  rateScale,
  roundSignificant,
} from '../../../../shared/format/units';

describe('the one rounding rule (three significant digits, integers kept whole)', () => {
  it.each([
    [0.0423, '0.0423'],
    [0.04, '0.04'],
    [0.00012345, '0.000123'],
    [2, '2'],
    [9.99, '9.99'],
    [10.04, '10'],
    [12.345, '12.3'],
    [99.96, '100'],
    [750, '750'],
    [1234.5, '1235'],
    [0, '0'],
    [-0.0456, '-0.0456'],
  ])('%s reads %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('never prints a small latency as zero, nor pads with zeros', () => {
    expect(formatMs(0.042)).toBe('0.042 ms');
    expect(formatMs(10.04)).toBe('10 ms');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatMs(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('rounds the value, not its string', () => {
    expect(roundSignificant(0.0012345)).toBe(0.00123);
    expect(roundSignificant(123456)).toBe(123456);
  });
});

describe('rates and sizes', () => {
  it('scales and rounds by the same rule: "750 kB/s", not "750.00 kB/s"', () => {
    expect(formatRate(750_000 * 8, 'bytes')).toBe('750 kB/s');
    expect(formatBps(9_990_000)).toBe('9.99 Mbit/s');
    expect(formatBps(999_700)).toBe('1 Mbit/s');
    expect(formatBps(12)).toBe('12 bit/s');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(0)).toBe('0 B');
  });

  it('puts two series on one axis in the unit of the larger', () => {
    const scale = rateScale(10_000_000, 'bits');
    expect(scale.unit).toBe('Mbit/s');
    // rx at 265 kbit/s beside tx at 10 Mbit/s: labelled in Mbit/s, not flattened to "0".
    expect(formatInScale(265_000, scale)).toBe('0.265 Mbit/s');
    expect(rateScale(6_000_000, 'bytes')).toEqual({ divisor: 8000, unit: 'kB/s' });
    expect(formatInScale(6_000_000, rateScale(6_000_000, 'bytes'))).toBe('750 kB/s');
  });
});
