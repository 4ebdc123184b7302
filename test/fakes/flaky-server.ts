/**
 * A scriptable HTTP server for transport tests: each request consumes the next script
 * step, which can answer, answer late, never answer, or drop the connection.
 *
 * ```ts
 * const srv = await startFlakyServer({ script: [{ reset: true }, { status: 503, headers: { 'retry-after': '1' } }, { status: 200, body: { ok: true } }] });
 * // … srv.requests[i].headers['idempotency-key'] …
 * await srv.close();
 * ```
 */
import type http from 'node:http';
import type { Started } from './serve';
import { delay, flatHeaders, listen, readBody, send } from './serve';

/** One scripted reaction to one request. */
export type FlakyStep =
  /** Answer (after `delayMs`); an object body is sent as JSON. Defaults: 200, empty body. */
  | { status?: number; headers?: Record<string, string>; body?: string | object; delayMs?: number }
  /** Never answer: the client's timeout (or close()) ends it. */
  | { hang: true }
  /**
   * Destroy the socket (after `delayMs`). Without `partialBody` no response is sent (the
   * client sees "socket hang up"); with it, headers and part of the body go out first
   * (the client sees the connection drop mid-body).
   */
  | { reset: true; partialBody?: string; delayMs?: number };

/** What the server saw, in arrival order. */
export interface FlakyRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the request (head and body) had arrived. */
  at: number;
}

export interface FlakyServerOptions {
  script?: FlakyStep[];
  /** Used when the script is empty (default: 200 with body "ok"). */
  fallback?: FlakyStep | ((req: FlakyRequest) => FlakyStep);
}

export interface FlakyServer extends Started {
  requests: FlakyRequest[];
  /** Appends steps to the script. */
  push(...steps: FlakyStep[]): void;
  /** Steps not consumed yet. */
  pending(): number;
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startFlakyServer(options: FlakyServerOptions = {}): Promise<FlakyServer> {
  const script = [...(options.script ?? [])];
  const fallback = options.fallback ?? { status: 200, body: 'ok' };
  const requests: FlakyRequest[] = [];

  const started = await listen((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const rec: FlakyRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: flatHeaders(req),
        body,
        at: Date.now(),
      };
      requests.push(rec);
      const step = script.shift() ?? (typeof fallback === 'function' ? fallback(rec) : fallback);
      await play(step, req, res);
    })().catch(() => req.socket.destroy());
  });
  return { ...started, requests, push: (...steps) => void script.push(...steps), pending: () => script.length };
}

async function play(step: FlakyStep, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if ('hang' in step) return;
  if (step.delayMs) await delay(step.delayMs);
  if ('reset' in step) {
    if (step.partialBody !== undefined) {
      // Promise more bytes than we send, so the client cannot mistake this for a full body.
      res.writeHead(200, { 'content-length': String(Buffer.byteLength(step.partialBody) + 1000) });
      res.write(step.partialBody);
      await delay(20);
    }
    req.socket.destroy();
    return;
  }
  send(res, step.status ?? 200, step.body ?? '', step.headers);
}
