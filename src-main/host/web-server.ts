/**
 * The local web host: serves the built renderer and the API (WebSocket at `/api`) on
 * 127.0.0.1 only. Every HTTP request and WebSocket upgrade passes the Host and Origin
 * guards in request-guard.ts before anything else happens; the API also needs the token.
 *
 * Token flow: the user opens `http://127.0.0.1:<port>/?token=<t>`. The renderer keeps the
 * token in sessionStorage (scoped to this origin, port included), removes it from the
 * address bar, and sends it when it opens the API socket. There is deliberately no cookie:
 * browsers send cookies for 127.0.0.1 to every port on it, so any other local service would
 * receive the token. The page and its assets are the public build and need no token;
 * everything that reads or changes data goes through the socket. See docs/security.md.
 */
import { createReadStream } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiService } from './api-service';
import { contentSecurityPolicy, securityHeaders } from './csp';
import { checkHostAndOrigin, checkToken, parseRequestTarget, type RequestTarget } from './request-guard';
import { contentTypeFor, realRoot, resolveStatic } from './static-files';
import { generateToken } from './token';
import { isHookTarget, serveHook } from './hook-endpoint';
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
  /** Where unexpected failures are reported (never to the caller beyond a status); default stderr. */
  log?: (line: string) => void;
}

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
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

/** Answers on the raw socket (refused upgrades, unparseable requests) with a real HTTP status so clients see why. */
function answerRaw(socket: Duplex, status: number, reason: string): void {
  const text = STATUS_CODES[status] ?? 'Error';
  if (!socket.writable) return void socket.destroy();
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
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let port = 0; // known once listening; guards read it per request
  let headers: Record<string, string> = {};

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  wss.on('connection', (ws) => attachSocket(ws, opts.service, log));

  async function serveStatic(req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
    // Resolve the raw request path: we would rather refuse a traversal attempt than
    // reinterpret it (see parseRequestTarget).
    const found = await resolveStatic(root, target.path);
    if (found.kind === 'bad-request') return deny(res, 400, found.reason, headers);
    if (found.kind === 'forbidden') return deny(res, 403, `forbidden: ${found.reason}`, headers);
    if (found.kind === 'not-found') return deny(res, 404, 'not found', headers);
    const out: Record<string, string> = {
      ...headers,
      'Content-Type': contentTypeFor(found.file),
      'Content-Length': String(found.size),
      // Hashed build assets never change; the page itself must always be fresh.
      'Cache-Control': target.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    };
    res.writeHead(200, out);
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const guard = checkHostAndOrigin(req, port);
    if (!guard.ok) return deny(res, 403, guard.reason, headers);
    const target = parseRequestTarget(req.url);
    if (!target) return deny(res, 400, 'bad request target: expected a path starting with "/"', headers);
    // Webhook waits: the per-wait token in the path is the credential (hook-endpoint.ts).
    if (isHookTarget(target)) return serveHook(req, res, target, (call) => opts.service.webhook(call), headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return deny(res, 405, 'method not allowed', headers);
    }
    await serveStatic(req, res, target);
  }

  /** A failure nothing anticipated: logged with the request line, answered 500, never rethrown. */
  function unexpected(what: string, req: IncomingMessage, e: unknown): void {
    const line = `${String(req.method).slice(0, 16)} ${String(req.url).slice(0, 200)}`;
    log(`web host: unexpected error in ${what} (${JSON.stringify(line)}): ${describeError(e)}`);
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const guard = checkHostAndOrigin(req, port);
    if (!guard.ok) return answerRaw(socket, 403, guard.reason);
    const target = parseRequestTarget(req.url);
    if (!target) return answerRaw(socket, 400, 'bad request target: expected /api');
    if (target.path !== '/api') return answerRaw(socket, 404, 'not found: the API is at /api');
    if (!checkToken(target, token)) return answerRaw(socket, 403, 'forbidden: missing or wrong token');
    // ws answers a malformed handshake (bad key, version, method) with 400 itself.
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  }

  const server = createServer((req, res) => {
    // async: a synchronous throw anywhere below becomes this rejection, not a crash.
    handleRequest(req, res).catch((e: unknown) => {
      unexpected('a request', req, e);
      if (!res.headersSent) deny(res, 500, 'internal error (logged by the host)', headers);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch (e) {
      unexpected('a WebSocket upgrade', req, e);
      answerRaw(socket, 500, 'internal error (logged by the host)');
    }
  });
  // Requests Node cannot even parse (bad request line, oversized headers, a stalled peer)
  // get a status line when the socket can still take one; they never reach a handler.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    answerRaw(socket, status, STATUS_CODES[status] ?? 'Bad Request');
  });

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
