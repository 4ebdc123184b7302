/**
 * Classifies the errors Node's socket layer throws (they carry a `code` like ECONNREFUSED)
 * into `StepError`s. Kept apart from http.ts so the table can be tested without a network:
 * DNS failures, for one, cannot be provoked on a loopback-only test machine.
 */
import { StepError } from '../engine/errors';

/** Node-internal codes (ERR_*) that still mean "the connection went away", i.e. transient. */
const TRANSIENT_NODE_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/**
 * TLS verification failures: retrying cannot fix a bad or self-signed certificate, and
 * silently retrying would hide what is most likely an interception or a misconfiguration.
 */
const TLS_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

/** Human wording for the common codes, so a trace says what happened, not just a code. */
const WHAT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Turns a transport error into a `StepError`:
 * - `network.tls` (fatal) for certificate problems;
 * - `http.protocol` (fatal) when the server's bytes are not valid HTTP (llhttp's HPE_*);
 * - `http.bad-request` (fatal) for Node's own validation errors (ERR_INVALID_CHAR in a
 *   header, …): the request is malformed and will be malformed next time too;
 * - `network` (retryable) for everything else: refused, reset, "socket hang up", DNS
 *   (ENOTFOUND, EAI_AGAIN), unreachable. These happen below HTTP, so the request most
 *   likely never ran, and the same request may succeed a moment later.
 * The cause stays in the message (and `detail.cause`) for the trace.
 */
export function classifyTransportError(e: unknown, target: string): StepError {
  if (e instanceof StepError) return e;
  const code = errorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  const detail = { cause: code ?? message };
  if (code && TLS_CODE.test(code)) {
    return new StepError({
      code: 'network.tls',
      retryable: false,
      message: `${target}: TLS error ${code}: ${message}`,
      detail,
    });
  }
  if (code?.startsWith('HPE_')) {
    return new StepError({
      code: 'http.protocol',
      retryable: false,
      message: `${target}: invalid HTTP response (${code}): ${message}`,
      detail,
    });
  }
  if (code?.startsWith('ERR_') && !TRANSIENT_NODE_CODES.has(code)) {
    return new StepError({
      code: 'http.bad-request',
      retryable: false,
      message: `${target}: invalid request (${code}): ${message}`,
      detail,
    });
  }
  const what = code && WHAT[code] ? `${WHAT[code]} (${code})` : (code ?? 'network error');
  // "socket hang up" carries code ECONNRESET but says more than the code; keep both.
  const cause = message && !(code && message.includes(code)) ? `${what}: ${message}` : what;
  return new StepError({ code: 'network', retryable: true, message: `${target}: ${cause}`, detail });
}

function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}
