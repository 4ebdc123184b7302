/**
 * The real clock and randomness. Everything in the engine that needs time or chance takes
 * these as ports, so tests can substitute a manual clock and a seeded random.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, RandomPort } from '../engine/ports';

/** Wall-clock time; `sleep` honours an AbortSignal and never leaks its timer. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        // Clearing the timer matters: a pending timer would keep a CLI process alive after
        // the run it belonged to was cancelled.
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 20;
/** Largest multiple of 36 below 256: bytes at or above it are rejected to avoid modulo bias. */
const UNBIASED_LIMIT = 252;

/**
 * Returns `n` base36 characters from the OS CSPRNG (20 chars ≈ 103 bits), so ids from
 * concurrent runs and processes never collide and are not guessable (approval links use them).
 */
export function randomBase36(n: number = ID_LENGTH): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n)) {
      if (b >= UNBIASED_LIMIT) continue;
      out += ID_ALPHABET[b % 36];
      if (out.length === n) break;
    }
  }
  return out;
}

/** `Math.random` for jitter (no security needed there); crypto for ids. */
export const systemRandom: RandomPort = {
  random: () => Math.random(),
  id: (prefix: string) => `${prefix}_${randomBase36(ID_LENGTH)}`,
};
