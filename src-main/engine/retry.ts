/**
 * Retry policy: exponential backoff with jitter, `Retry-After` honoured. Pure functions of
 * the policy, the attempt number and a random draw, so they are tested exactly.
 */
import type { RetryPolicy } from '../../shared/spec/schema';

/** Default for nodes that call the outside world; pure nodes get a single attempt. */
export const DEFAULT_SIDE_EFFECT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 500,
  backoffMultiplier: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
};
export const NO_RETRY: RetryPolicy = {
  maxAttempts: 1,
  initialDelayMs: 0,
  backoffMultiplier: 1,
  maxDelayMs: 0,
  jitter: 0,
};

/** A server may ask for a longer pause than our own backoff, but not without limit. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Delay before attempt `failedAttempt + 1`. Backoff is `initial * multiplier^(n-1)`, capped
 * at `maxDelayMs`, then reduced by up to `jitter` of itself (so concurrent clients spread
 * out). A server's `Retry-After` is a floor: we never retry sooner than asked.
 */
export function retryDelay(policy: RetryPolicy, failedAttempt: number, rand: number, retryAfterMs?: number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffMultiplier ** (failedAttempt - 1));
  const jittered = Math.round(base * (1 - policy.jitter * rand));
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
}
