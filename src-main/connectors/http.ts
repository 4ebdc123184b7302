/**
 * The Node implementation of the engine's `HttpPort`: one request, no retries (the executor
 * owns retries so every step follows one policy), every transport failure turned into a
 * classified `StepError`.
 */
import http from 'node:http';
import https from 'node:https';
import type { HttpPort, HttpRequest, HttpResponse } from '../engine/ports';
import { StepError } from '../engine/errors';
import { classifyTransportError } from './transport-errors';

/** Responses larger than this are refused: a step output that big is a bug, not data. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface NodeHttpOptions {
  /** Response body cap in bytes (default 10 MiB). */
  maxBodyBytes?: number;
}

/** An `HttpPort` that owns keep-alive agents; `close()` drops their idle sockets. */
export interface NodeHttpPort extends HttpPort {
  close(): void;
}

/**
 * Creates an `HttpPort` over node:http / node:https.
 *
 * - `timeoutMs` is a deadline for the whole exchange (connect, headers and body), so a
 *   server that trickles bytes cannot hold a step forever → `StepError{code:'timeout'}`.
 * - Refused / reset / DNS failures → retryable `StepError{code:'network'}`.
 * - An aborted `signal` rejects with the signal's reason, untouched: cancellation is not a
 *   failure to classify or retry.
 * - Redirects are not followed; a 3xx is returned like any other status.
 */
export function createNodeHttpPort(options: NodeHttpOptions = {}): NodeHttpPort {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Keep-alive matters for LLM calls in a loop; idle sockets are unref'd by Node's agent,
  // so they never keep a CLI process alive.
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return {
    request: (req) => send(req, agents, maxBodyBytes),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function send(
  req: HttpRequest,
  agents: { http: http.Agent; https: https.Agent },
  maxBodyBytes: number,
): Promise<HttpResponse> {
  const { signal } = req;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.reject(
      new StepError({ code: 'http.bad-url', retryable: false, message: `not a valid URL: ${req.url}` }),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(
      new StepError({
        code: 'http.bad-url',
        retryable: false,
        message: `unsupported protocol ${url.protocol} in ${req.url}`,
      }),
    );
  }
  const target = `${req.method} ${url.origin}${url.pathname}`;

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    // Destroying the request tears down the socket and any response stream in one go.
    const fail = (err: unknown): void =>
      finish(() => {
        clientReq.destroy();
        reject(err);
      });
    const onAbort = (): void => fail(signal?.reason);

    const headers: Record<string, string> = { ...req.headers };
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    if (body && !hasHeader(headers, 'content-length')) headers['content-length'] = String(body.length);

    const mod = url.protocol === 'https:' ? https : http;
    let clientReq: http.ClientRequest;
    try {
      clientReq = mod.request(
        url,
        { method: req.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http },
        (res) => {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBodyBytes) {
            fail(tooLarge(target, maxBodyBytes));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBodyBytes) fail(tooLarge(target, maxBodyBytes));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            const done = (): void =>
              finish(() =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: flattenHeaders(res.headers),
                  body: Buffer.concat(chunks).toString('utf8'),
                }),
              );
            // A body with neither Content-Length nor chunked encoding ends when the connection
            // does: it is whole only if the connection closed cleanly. A reset means it was cut
            // short, and a cut text body would otherwise pass for a complete one.
            const framed =
              res.headers['content-length'] !== undefined || res.headers['transfer-encoding'] !== undefined;
            const socket = res.socket;
            if (framed || !socket) return done();
            if (socket.destroyed) return socket.errored ? fail(truncated(target)) : done();
            socket.once('close', (hadError) => (hadError ? fail(truncated(target)) : done()));
          });
          // A connection dropped mid-body surfaces here (ECONNRESET "aborted").
          res.on('error', (e) => fail(classifyTransportError(e, target)));
        },
      );
    } catch (e) {
      // Node validates method and headers synchronously (e.g. a newline in a header value).
      settled = true;
      reject(classifyTransportError(e, target));
      return;
    }
    clientReq.on('error', (e) => fail(classifyTransportError(e, target)));

    // setTimeout fires at once for delays beyond 2^31-1 ms; clamp so "very long" stays long.
    const timer = setTimeout(
      () =>
        fail(
          new StepError({ code: 'timeout', retryable: true, message: `${target} timed out after ${req.timeoutMs} ms` }),
        ),
      Math.min(Math.max(0, req.timeoutMs), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    clientReq.end(body);
  });
}

function tooLarge(target: string, max: number): StepError {
  return new StepError({
    code: 'http.too-large',
    retryable: false,
    message: `${target}: response body exceeds ${max} bytes`,
  });
}

/** A close-delimited body whose connection was reset: retryable, like any dropped connection. */
function truncated(target: string): StepError {
  return new StepError({
    code: 'network',
    retryable: true,
    message: `${target}: the connection was reset before the response ended, so its body may be cut short`,
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Node already lower-cases names; repeated headers (set-cookie) are joined like fetch does. */
function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
