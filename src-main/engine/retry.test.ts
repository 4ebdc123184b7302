import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './http-status';
import { retryDelay } from './retry';

const policy = { maxAttempts: 5, initialDelayMs: 100, backoffMultiplier: 3, maxDelayMs: 1000, jitter: 0.5 };

describe('retryDelay', () => {
  it('grows exponentially and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay({ ...policy, jitter: 0 }, n, 0.7))).toEqual([100, 300, 900, 1000]);
  });
  it('jitter reduces the delay by up to the configured fraction', () => {
    expect(retryDelay(policy, 2, 0)).toBe(300);
    expect(retryDelay(policy, 2, 0.999999)).toBe(150);
  });
  it('treats Retry-After as a floor', () => {
    expect(retryDelay(policy, 1, 0, 5000)).toBe(5000);
    expect(retryDelay(policy, 3, 0, 10)).toBe(900);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
