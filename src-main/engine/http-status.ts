/**
 * HTTP failure classification, shared by the tool node and the LLM providers so every
 * HTTP call in Waymark follows one retry policy:
 * - 408, 425, 429 and 500/502/503/504 are retryable (the request may succeed later);
 * - every other 4xx/5xx is fatal (retrying the same request cannot help);
 * - `Retry-After` (delta-seconds or an HTTP date) becomes `retryAfterMs`.
 */
import { StepError } from './errors';

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** Parses a Retry-After header into milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Returns a StepError for a non-2xx response, or undefined for success. `excerpt` is a
 * short piece of the body included in the message to say why.
 */
export function httpStatusError(
  status: number,
  headers: Record<string, string>,
  body: string,
  now: number,
  what = 'HTTP',
): StepError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const retryable = isRetryableStatus(status);
  const excerpt = body.length > 300 ? `${body.slice(0, 300)}…` : body;
  return new StepError({
    code: 'http.status',
    status,
    retryable,
    retryAfterMs: retryable ? parseRetryAfter(headers['retry-after'], now) : undefined,
    message: `${what} ${status}${retryable ? ' (retryable)' : ''}${excerpt ? `: ${excerpt}` : ''}`,
  });
}
