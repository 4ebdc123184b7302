/**
 * The per-launch session token. Anyone who can reach 127.0.0.1 (another user, a web page
 * in the browser doing fetch/WebSocket to localhost) must still not call the API: the
 * token, printed only in the URL the user opens, is what proves the caller is that user.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as 64 hex characters. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison. Both sides are hashed first so the inputs to timingSafeEqual
 * have equal length whatever the caller sent (it throws on a length mismatch, and an
 * early length check would leak the token's length).
 */
export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
