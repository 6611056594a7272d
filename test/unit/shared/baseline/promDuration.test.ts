import { describe, expect, it } from 'vitest';
import { formatPromDuration, parsePromDuration } from '../../../../shared/baseline/promDuration';

describe('parsePromDuration', () => {
  it.each([
    ['30d', 2_592_000],
    ['1h30m', 5400],
    ['60s', 60],
    ['1w', 604_800],
  ])('%s is %d s', (text, seconds) => expect(parsePromDuration(text)).toBe(seconds));

  it.each(['', '30', 'd', '-1d', '1.5h', '0s', '1h 30m', '30days'])('refuses %j', (text) => expect(parsePromDuration(text)).toBeNull());

  it('formats back in the largest even unit', () => {
    expect(formatPromDuration(2_592_000)).toBe('30d');
    expect(formatPromDuration(90)).toBe('90s');
  });
});
