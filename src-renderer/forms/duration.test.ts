import { describe, expect, it } from 'vitest';
import { describeDuration, splitDuration, toMs } from './duration';

describe('durations in human units', () => {
  it('shows milliseconds in the largest exact unit', () => {
    expect(splitDuration(86_400_000 * 2)).toEqual({ amount: 2, unit: 'days' });
    expect(splitDuration(5_400_000)).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitDuration(3_600_000)).toEqual({ amount: 1, unit: 'hours' });
    expect(splitDuration(1500)).toEqual({ amount: 1.5, unit: 'seconds' });
    expect(describeDuration(3_600_000)).toBe('1 hour');
    expect(describeDuration(86_400_000 * 3)).toBe('3 days');
  });

  it('reads what was typed, refusing what is not a positive amount', () => {
    expect(toMs('4', 'hours')).toBe(14_400_000);
    expect(toMs('1.5', 'days')).toBe(129_600_000);
    expect(toMs('0', 'minutes')).toBeUndefined();
    expect(toMs('-1', 'minutes')).toBeUndefined();
    expect(toMs('soon', 'minutes')).toBeUndefined();
    expect(toMs('', 'minutes')).toBeUndefined();
  });
});
