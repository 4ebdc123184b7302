/**
 * Who may talk to the web host. Three independent checks, all required:
 *  - `Host` must name the loopback address and our port: a DNS-rebinding page reaches us
 *    as `Host: evil.example:<port>` and is refused here even though it hits 127.0.0.1.
 *  - `Origin`, when the browser sends one, must be our own origin: another site's page
 *    (including a WebSocket from it, which browsers do not restrict) is refused.
 *  - The per-launch token, from `?token=` or the cookie set when the page was loaded.
 */
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './token';

export type GuardResult = { ok: true } | { ok: false; reason: string };

/** Origins (scheme://host:port) the host accepts for `port`. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** The cookie carrying the token. Port-specific: cookies ignore ports, two hosts must not clash. */
export function tokenCookieName(port: number): string {
  return `waymark_token_${port}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks `Host` and `Origin`. */
export function checkHostAndOrigin(req: IncomingMessage, port: number): GuardResult {
  const host = header(req, 'host')?.toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return { ok: false, reason: 'forbidden: unexpected Host header' };
  const origin = header(req, 'origin');
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase()))
    return { ok: false, reason: 'forbidden: cross-origin request' };
  return { ok: true };
}

/** Reads one cookie from the request. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const raw = header(req, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A request target split into its raw path and its query, without ever throwing. */
export interface RequestTarget {
  /** Still percent-encoded; always starts with `/`. */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits `req.url` (origin-form, `/path?query`). Anything else (absolute-form, `*`, an
 * empty target) is `undefined`: a bad request. Deliberately not `new URL(raw, base)`: that
 * throws on targets such as `//`, `///`, `//:` or `//@` (read as a scheme-relative URL with
 * a broken authority), and it folds `..` segments we would rather refuse than reinterpret.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return undefined;
  const hash = raw.indexOf('#');
  const target = hash >= 0 ? raw.slice(0, hash) : raw;
  const q = target.indexOf('?');
  return {
    path: q >= 0 ? target.slice(0, q) : target,
    query: new URLSearchParams(q >= 0 ? target.slice(q + 1) : ''),
  };
}

/** Where a request presented the token, if it did and it matched. */
export type TokenSource = 'query' | 'cookie' | undefined;

/** Checks the token from `?token=` (and, if `allowCookie`, the session cookie). */
export function checkToken(
  req: IncomingMessage,
  url: Pick<RequestTarget, 'query'>,
  token: string,
  port: number,
  allowCookie: boolean,
): TokenSource {
  if (tokensEqual(token, url.query.get('token'))) return 'query';
  if (allowCookie && tokensEqual(token, readCookie(req, tokenCookieName(port)))) return 'cookie';
  return undefined;
}
