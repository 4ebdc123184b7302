/**
 * The plumbing every fake server shares: listen on 127.0.0.1 with an ephemeral port, read
 * bodies, and close for real (keep-alive and hanging sockets included) so test files never
 * leak handles or wait for idle timeouts.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A started server: its base URL (no trailing slash) and a close that ends every socket. */
export interface Started {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0 = ephemeral) and tracks sockets so `close()` is immediate. */
export async function listen(handler: http.RequestListener, port = 0): Promise<Started> {
  const server = http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests never finish by themselves; destroy them so close() resolves.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body as UTF-8 text. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Request headers as a flat, lower-cased record (repeated headers joined). */
export function flatHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Parses JSON, or returns undefined for empty or invalid text (fakes record both). */
export function tryJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends a JSON (or raw string) reply. */
export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const isJson = typeof body !== 'string';
  res.writeHead(status, {
    ...(isJson ? { 'content-type': 'application/json' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Resolves after `ms` (fakes only; production code uses the Clock port). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
