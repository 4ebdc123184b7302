/**
 * Who may talk to the web host. Three independent checks, all required:
 *  - `Host` must name the loopback address and our port: a DNS-rebinding page reaches us
 *    as `Host: evil.example:<port>` and is refused here even though it hits 127.0.0.1.
 *  - `Origin`, when the browser sends one, must be our own origin: another site's page
 *    (including a WebSocket from it, which browsers do not restrict) is refused.
 *  - The per-launch token, from `?token=` of the API socket's URL (the page and its
 *    assets are the public build: they need no token). Never a cookie: cookies ignore
 *    ports, so one for 127.0.0.1 would go to every other local service too.
 */
import type { IncomingMessage } from 'node:http';
import { tokensEqual } from './token';

export type GuardResult = { ok: true } | { ok: false; reason: string };

/** Origins (scheme://host:port) the host accepts for `port`. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
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

/** Whether the request target carries the session token in `?token=`. */
export function checkToken(target: Pick<RequestTarget, 'query'>, token: string): boolean {
  return tokensEqual(token, target.query.get('token'));
}
