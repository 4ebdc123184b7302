// The real web host on 127.0.0.1: guards (token, Host, Origin), static serving, and the
// WebSocket API round trip, exercised with raw HTTP so headers can be forged.
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiService, type ApiService } from '../src-main/host/api-service';
import { startWebHost, type WebHost } from '../src-main/host/web-server';

let dir: string;
let host: WebHost;
let service: ApiService;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET with full control of the path and headers (fetch would normalise both). */
function get(rawPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: rawPath, headers: { Host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const tokened = (p: string): string => `${p}${p.includes('?') ? '&' : '?'}token=${host.token}`;

/** Opens a socket; resolves when open, rejects with the HTTP status when refused. */
function connect(query = `?token=${host.token}`, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one raw frame and resolves with the next message. */
function roundTrip(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(frame);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-host-'));
  const web = path.join(dir, 'web');
  await mkdir(path.join(web, 'assets'), { recursive: true });
  await writeFile(
    path.join(web, 'index.html'),
    '<!doctype html><title>Waymark</title><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(path.join(web, 'assets', 'app.js'), 'console.log("hi")');
  await writeFile(path.join(web, 'assets', 'style.css'), 'body{}');
  await writeFile(path.join(dir, 'secret.txt'), 'top secret');
  await symlink(path.join(dir, 'secret.txt'), path.join(web, 'assets', 'link.txt'));
  service = createApiService({
    dataDir: path.join(dir, 'data'),
    examplesDir: path.join(dir, 'examples'),
    workspace: dir,
  });
  host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir: web, service });
});
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP guards', () => {
  it('listens on 127.0.0.1 with a 64-hex-character token in the URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the page and its assets without the token: they are the public build', async () => {
    expect((await get('/')).status).toBe(200);
    expect((await get('/assets/app.js')).status).toBe(200);
    expect((await get('/?token=' + 'a'.repeat(64))).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the right token', async () => {
    const r = await get(tokened('/'), { Host: `evil.example:${host.port}` });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Host/);
    expect((await get(tokened('/'), { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    const r = await get(tokened('/'), { Origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/cross-origin/);
  });

  it('accepts localhost as Host and same-origin Origin', async () => {
    expect(
      (await get(tokened('/'), { Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` })).status,
    ).toBe(200);
  });
});

describe('static files', () => {
  it('serves the page with a strict CSP and security headers, and never sets a cookie', async () => {
    const r = await get(tokened('/'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<title>Waymark</title>');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    // Cookies for 127.0.0.1 go to every port on it: a token cookie would reach other local services.
    expect(r.headers['set-cookie']).toBeUndefined();
    expect((await get('/assets/app.js')).headers['set-cookie']).toBeUndefined();
  });

  it('serves assets with correct content types', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for client routes, but 404s a missing asset', async () => {
    const r = await get(tokened('/workflows/refund'));
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Waymark</title>');
    expect((await get(tokened('/assets/missing.js'))).status).toBe(404);
  });

  it('blocks directory traversal, encoded or not, and symlinks out of the root', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt',
    ]) {
      const r = await get(tokened(p));
      expect(r.status, p).toBe(403);
      expect(r.body).not.toContain('top secret');
    }
    expect((await get(tokened('/%E0%A4%A'))).status).toBe(400);
    expect((await get(tokened('/a%00b'))).status).toBe(400);
  });

  it('allows only GET and HEAD', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: tokened('/'),
          method: 'POST',
          headers: { Host: `127.0.0.1:${host.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.end('x');
    });
    expect(status).toBe(405);
  });
});

describe('WebSocket API', () => {
  it('refuses an upgrade without the token, with a foreign Origin or Host, or off /api', async () => {
    await expect(connect('')).rejects.toThrow(/403/);
    await expect(connect('?token=bad')).rejects.toThrow(/403/);
    // A cookie is no substitute for the token (there is none to steal, and none is accepted).
    await expect(connect('', { Cookie: `waymark_token_${host.port}=${host.token}` })).rejects.toThrow(/403/);
    await expect(connect(undefined, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(undefined, { Origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow(/403/);
    await expect(connect(undefined, { Host: `evil.example:${host.port}` })).rejects.toThrow(/403/);
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/other?token=${host.token}`);
        ws.once('open', resolve);
        ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
    ).rejects.toThrow(/404/);
  });

  it('round-trips spec.validate: a bad spec comes back with problems and JSON paths', async () => {
    const ws = await connect(undefined, { Origin: `http://127.0.0.1:${host.port}` });
    const text = JSON.stringify({
      specVersion: 1,
      id: 'x',
      name: 'X',
      nodes: [{ id: 'a', type: 'start', name: 'A', bogus: 1 }],
    });
    const res = await roundTrip(ws, JSON.stringify({ id: 7, method: 'spec.validate', params: { text } }));
    expect(res).toMatchObject({
      id: 7,
      result: { ok: false, problems: [{ path: '$.nodes[0]', message: 'This step has an unknown field "bogus".' }] },
    });
    ws.close();
  });

  it('answers invalid params naming the field, and unknown methods', async () => {
    const ws = await connect();
    const bad = await roundTrip(
      ws,
      JSON.stringify({ id: 'a', method: 'examples.read', params: { name: '../../etc/passwd' } }),
    );
    expect(bad).toMatchObject({ id: 'a', error: { code: 'invalid_params' } });
    expect(String((bad.error as { message: string }).message)).toContain('params.name');
    expect(await roundTrip(ws, JSON.stringify({ id: 'b', method: 'shell.exec', params: {} }))).toMatchObject({
      id: 'b',
      error: { code: 'unknown_method' },
    });
    ws.close();
  });

  it('answers a malformed frame with an error and keeps the socket usable', async () => {
    const ws = await connect();
    expect(await roundTrip(ws, '{"id": 1, "method": ')).toMatchObject({
      id: null,
      error: { code: 'invalid_params', message: expect.stringMatching(/malformed JSON/) },
    });
    expect(await roundTrip(ws, '[1,2]')).toMatchObject({ id: null, error: { code: 'invalid_params' } });
    expect(await roundTrip(ws, '{"method":"examples.list"}')).toMatchObject({
      id: null,
      error: { message: expect.stringMatching(/request.id/) },
    });
    expect(await roundTrip(ws, JSON.stringify({ id: 2, method: 'examples.list', params: {} }))).toEqual({
      id: 2,
      result: [],
    });
    ws.close();
  });

  it('documents.save over the socket refuses invalid JSON and leaves the file untouched', async () => {
    const file = path.join(dir, 'keep.waymark.json');
    await writeFile(file, 'original');
    const ws = await connect();
    const res = await roundTrip(
      ws,
      JSON.stringify({ id: 3, method: 'documents.save', params: { path: file, text: '{"specVersion":1,,}' } }),
    );
    expect(res).toMatchObject({ id: 3, error: { code: 'invalid_spec' } });
    expect(await readFile(file, 'utf8')).toBe('original');
    ws.close();
  });

  it('pushes events and notices to every connected client', async () => {
    const a = await connect();
    const b = await connect();
    const next = (ws: WebSocket): Promise<unknown> =>
      new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    const got = Promise.all([next(a), next(b)]);
    service.events.notify({ command: 'file.save' });
    expect(await got).toEqual([{ notice: { command: 'file.save' } }, { notice: { command: 'file.save' } }]);
    a.close();
    b.close();
  });

  it('closes a socket that sends an oversized frame, without crashing the host', async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(64 * 1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    const again = await connect();
    expect(await roundTrip(again, JSON.stringify({ id: 1, method: 'documents.recent' }))).toEqual({
      id: 1,
      result: [],
    });
    again.close();
  });
});

describe('startWebHost options', () => {
  it('refuses to bind anywhere but loopback', async () => {
    await expect(startWebHost({ host: '0.0.0.0' as '127.0.0.1', staticDir: dir, service })).rejects.toThrow(
      /127\.0\.0\.1/,
    );
  });
});
