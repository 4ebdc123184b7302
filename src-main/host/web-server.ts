/**
 * The local web host: serves the built renderer and the API (WebSocket at `/api`) on
 * 127.0.0.1 only. Every HTTP request and WebSocket upgrade passes the guards in
 * request-guard.ts (Host, Origin, token) before anything else happens.
 *
 * Token flow: the user opens `http://127.0.0.1:<port>/?token=<t>`; the page response sets
 * an HttpOnly, SameSite=Strict cookie so the page's own assets load without the token in
 * every URL; the renderer reads `?token=` from its URL for the WebSocket.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiService } from './api-service';
import { contentSecurityPolicy, securityHeaders } from './csp';
import { checkHostAndOrigin, checkToken, tokenCookieName } from './request-guard';
import { contentTypeFor, realRoot, resolveStatic } from './static-files';
import { generateToken } from './token';
import { attachSocket } from './ws-bridge';

/** Largest WebSocket frame accepted: the API allows 20 M characters of spec text, JSON-escaped. */
export const MAX_WS_PAYLOAD = 64 * 1024 * 1024;

export interface WebHostOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Only loopback is accepted: the host is a single-user tool, never a network service. */
  host?: '127.0.0.1';
  /** The built renderer (normally `dist/renderer`); must contain index.html. */
  staticDir: string;
  service: ApiService;
  /** The session token; a fresh random one when absent. */
  token?: string;
}

export interface WebHost {
  /** The page URL including `?token=`; give this to the user. */
  url: string;
  port: number;
  token: string;
  /** Closes sockets and the server. */
  close(): Promise<void>;
}

function deny(res: ServerResponse, status: number, reason: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${reason}\n`);
}

/** Refuses an upgrade on the raw socket, with a real HTTP status so clients see why. */
function denyUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason) + 1}\r\n\r\n${reason}\n`,
  );
}

/** Starts the web host. Resolves once it is listening. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const bindHost = opts.host ?? '127.0.0.1';
  if (bindHost !== '127.0.0.1') throw new Error('the web host binds to 127.0.0.1 only');
  const token = opts.token ?? generateToken();
  if (!/^[0-9a-f]{32,}$/i.test(token)) throw new Error('token must be at least 32 hex characters');
  const root = await realRoot(opts.staticDir);
  let port = 0; // known once listening; guards read it per request
  let headers: Record<string, string> = {};

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  wss.on('connection', (ws) => attachSocket(ws, opts.service));

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // Resolve the raw request path, not url.pathname: the URL parser silently folds
    // `..` and `%2e%2e`, and we would rather refuse a traversal attempt than reinterpret it.
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (!rawPath.startsWith('/')) return deny(res, 400, 'bad request target', headers);
    const found = await resolveStatic(root, rawPath);
    if (found.kind === 'bad-request') return deny(res, 400, found.reason, headers);
    if (found.kind === 'forbidden') return deny(res, 403, `forbidden: ${found.reason}`, headers);
    if (found.kind === 'not-found') return deny(res, 404, 'not found', headers);
    const out: Record<string, string> = {
      ...headers,
      'Content-Type': contentTypeFor(found.file),
      'Content-Length': String(found.size),
      // Hashed build assets never change; the page itself must always be fresh.
      'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    };
    if (found.isIndex && url.searchParams.has('token')) {
      out['Set-Cookie'] = `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, out);
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const server = createServer((req, res) => {
    const guard = checkHostAndOrigin(req, port);
    if (!guard.ok) return deny(res, 403, guard.reason, headers);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!checkToken(req, url, token, port, true))
      return deny(res, 403, 'forbidden: missing or wrong token (open the URL printed by `waymark serve`)', headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return deny(res, 405, 'method not allowed', headers);
    }
    serveStatic(req, res, url).catch(() => {
      if (!res.headersSent) deny(res, 500, 'internal error', headers);
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const guard = checkHostAndOrigin(req, port);
    if (!guard.ok) return denyUpgrade(socket, 403, guard.reason);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api') return denyUpgrade(socket, 404, 'not found: the API is at /api');
    // The WebSocket takes the token from the URL only, as the renderer sends it.
    if (!checkToken(req, url, token, port, false)) return denyUpgrade(socket, 403, 'forbidden: missing or wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // A peer that vanishes mid-request must not surface as an unhandled error.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web host: server has no TCP address');
  port = address.port;
  headers = securityHeaders(
    contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
  );

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
