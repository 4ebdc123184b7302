// The Node HttpPort against real loopback servers: every transport failure must come out
// as a classified StepError, and cancellation must come out as the signal's own reason.
import { afterEach, describe, expect, it } from 'vitest';
import { StepError } from '../src-main/engine/errors';
import type { HttpRequest, HttpResponse } from '../src-main/engine/ports';
import { createNodeHttpPort } from '../src-main/connectors/http';
import { classifyTransportError } from '../src-main/connectors/transport-errors';
import type { FlakyServer } from './fakes/flaky-server';
import { startFlakyServer } from './fakes/flaky-server';
import { listen } from './fakes/serve';

const port = createNodeHttpPort({ maxBodyBytes: 1024 * 1024 });
let srv: FlakyServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

function get(url: string, extra: Partial<HttpRequest> = {}): Promise<HttpResponse> {
  return port.request({ method: 'GET', url, headers: {}, timeoutMs: 2000, ...extra });
}

async function failure(p: Promise<unknown>): Promise<StepError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StepError);
  return e as StepError;
}

describe('createNodeHttpPort', () => {
  it('sends method, headers and body; returns status, lower-cased headers and text body', async () => {
    srv = await startFlakyServer({
      script: [{ status: 201, headers: { 'X-Request-Id': 'abc', 'Content-Type': 'text/plain' }, body: 'créé' }],
    });
    const res = await port.request({
      method: 'POST',
      url: `${srv.url}/things?x=1`,
      headers: { 'Idempotency-Key': 'k1', 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 2000,
    });
    expect(res.status).toBe(201);
    expect(res.body).toBe('créé');
    expect(res.headers['x-request-id']).toBe('abc');
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true);
    const seen = srv.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/things?x=1');
    expect(seen?.headers['idempotency-key']).toBe('k1');
    expect(seen?.headers['content-length']).toBe('7');
    expect(seen?.body).toBe('{"a":1}');
  });

  it('joins repeated response headers', async () => {
    const s = await listen((_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end('x');
    });
    try {
      const res = await get(s.url);
      expect(res.headers['set-cookie']).toBe('a=1, b=2');
    } finally {
      await s.close();
    }
  });

  it('returns error statuses instead of throwing (the caller classifies them)', async () => {
    srv = await startFlakyServer({ script: [{ status: 503, headers: { 'retry-after': '3' }, body: 'busy' }] });
    const res = await get(srv.url);
    expect(res).toMatchObject({ status: 503, body: 'busy' });
    expect(res.headers['retry-after']).toBe('3');
  });

  it('turns a request that outlives timeoutMs into a retryable timeout', async () => {
    srv = await startFlakyServer({ script: [{ hang: true }] });
    const started = Date.now();
    const e = await failure(get(srv.url, { timeoutMs: 150 }));
    expect(e.code).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/timed out after 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out on a server that answers too slowly, even after headers', async () => {
    const s = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('abc'); // …and never the rest
    });
    try {
      const e = await failure(get(s.url, { timeoutMs: 200 }));
      expect(e.code).toBe('timeout');
    } finally {
      await s.close();
    }
  });

  it('turns a socket destroyed before the response into a retryable network error', async () => {
    srv = await startFlakyServer({ script: [{ reset: true }] });
    const e = await failure(get(srv.url));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toMatch(/socket hang up|ECONNRESET/);
  });

  it('turns a connection dropped mid-body into a retryable network error', async () => {
    srv = await startFlakyServer({ script: [{ reset: true, partialBody: 'half a bo' }] });
    const e = await failure(get(srv.url));
    expect(e).toMatchObject({ code: 'network', retryable: true });
  });

  it('turns a refused connection into a retryable network error naming the cause', async () => {
    const s = await listen((_req, res) => res.end());
    const { url } = s;
    await s.close(); // the port is now closed: nothing listens there
    const e = await failure(get(url));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toMatch(/connection refused \(ECONNREFUSED\)/);
  });

  it('rejects with the abort reason (not a StepError) when the signal fires mid-request', async () => {
    srv = await startFlakyServer({ script: [{ hang: true }] });
    const ac = new AbortController();
    const reason = new Error('run cancelled');
    setTimeout(() => ac.abort(reason), 50);
    await expect(get(srv.url, { signal: ac.signal, timeoutMs: 5000 })).rejects.toBe(reason);
  });

  it('rejects at once with the reason when the signal is already aborted, without sending', async () => {
    srv = await startFlakyServer();
    const ac = new AbortController();
    ac.abort('stop');
    await expect(get(srv.url, { signal: ac.signal })).rejects.toBe('stop');
    expect(srv.requests).toHaveLength(0);
  });

  it('refuses a body over the cap as a fatal http.too-large (streamed, no content-length)', async () => {
    const s = await listen((_req, res) => {
      res.writeHead(200); // chunked: the cap must be enforced while reading
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
    });
    try {
      const e = await failure(get(s.url));
      expect(e).toMatchObject({ code: 'http.too-large', retryable: false });
    } finally {
      await s.close();
    }
  });

  it('refuses a declared content-length over the cap before reading it', async () => {
    srv = await startFlakyServer({ script: [{ status: 200, body: 'y'.repeat(1024 * 1024 + 1) }] });
    const e = await failure(get(srv.url));
    expect(e.code).toBe('http.too-large');
  });

  it('accepts a body exactly at the cap', async () => {
    srv = await startFlakyServer({ script: [{ status: 200, body: 'z'.repeat(1024 * 1024) }] });
    const res = await get(srv.url);
    expect(res.body.length).toBe(1024 * 1024);
  });

  it('caps at 10 MiB by default', async () => {
    const def = createNodeHttpPort();
    srv = await startFlakyServer({
      script: [
        { status: 200, body: 'q'.repeat(10 * 1024 * 1024 + 1) },
        { status: 200, body: 'q'.repeat(10 * 1024 * 1024) },
      ],
    });
    try {
      const e = await failure(def.request({ method: 'GET', url: srv.url, headers: {}, timeoutMs: 5000 }));
      expect(e.code).toBe('http.too-large');
      const ok = await def.request({ method: 'GET', url: srv.url, headers: {}, timeoutMs: 5000 });
      expect(ok.body.length).toBe(10 * 1024 * 1024);
    } finally {
      def.close();
    }
  });

  it('reuses connections (keep-alive)', async () => {
    const remotePorts = new Set<number>();
    const s = await listen((req, res) => {
      remotePorts.add(req.socket.remotePort ?? -1);
      res.end('ok');
    });
    try {
      for (let i = 0; i < 3; i++) await get(s.url);
      expect(remotePorts.size).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('rejects bad URLs and header values as fatal errors', async () => {
    expect(await failure(get('not a url'))).toMatchObject({ code: 'http.bad-url', retryable: false });
    expect(await failure(get('ftp://127.0.0.1/x'))).toMatchObject({ code: 'http.bad-url', retryable: false });
    srv = await startFlakyServer();
    const e = await failure(get(srv.url, { headers: { 'x-bad': 'a\r\nInjected: 1' } }));
    expect(e).toMatchObject({ code: 'http.bad-request', retryable: false });
    expect(srv.requests).toHaveLength(0);
  });

  it('does not follow redirects', async () => {
    srv = await startFlakyServer({ script: [{ status: 302, headers: { location: '/elsewhere' } }] });
    const res = await get(srv.url);
    expect(res.status).toBe(302);
    expect(srv.requests).toHaveLength(1);
  });

  it('leaves no timer behind after success (the process could exit)', async () => {
    srv = await startFlakyServer();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await get(srv.url, { timeoutMs: 60_000 });
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});

describe('classifyTransportError', () => {
  const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ECONNREFUSED', 'EHOSTUNREACH', 'EPIPE', 'ETIMEDOUT'])(
    '%s is a retryable network error',
    (code) => {
      const e = classifyTransportError(
        err(code, `getaddrinfo ${code} api.example.com`),
        'POST https://api.example.com/x',
      );
      expect(e).toMatchObject({ code: 'network', retryable: true });
      expect(e.message).toContain(code);
      expect(e.message).toContain('POST https://api.example.com/x');
    },
  );

  it('names DNS failures in words', () => {
    expect(classifyTransportError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid'), 'GET x').message).toMatch(
      /host not found \(DNS\)/,
    );
  });

  it('keeps "socket hang up" in the message', () => {
    expect(classifyTransportError(err('ECONNRESET', 'socket hang up'), 'GET x').message).toMatch(
      /connection reset \(ECONNRESET\): socket hang up/,
    );
  });

  it('treats certificate errors as fatal', () => {
    expect(classifyTransportError(err('DEPTH_ZERO_SELF_SIGNED_CERT'), 'GET x')).toMatchObject({
      code: 'network.tls',
      retryable: false,
    });
    expect(classifyTransportError(err('CERT_HAS_EXPIRED'), 'GET x')).toMatchObject({
      code: 'network.tls',
      retryable: false,
    });
  });

  it('treats invalid HTTP from the server as fatal', () => {
    expect(classifyTransportError(err('HPE_INVALID_CONSTANT', 'Parse Error'), 'GET x')).toMatchObject({
      code: 'http.protocol',
      retryable: false,
    });
  });

  it('treats errors without a code as retryable network errors', () => {
    expect(classifyTransportError(new Error('weird'), 'GET x')).toMatchObject({ code: 'network', retryable: true });
  });

  it('passes StepErrors through', () => {
    const s = new StepError({ code: 'timeout', retryable: true, message: 't' });
    expect(classifyTransportError(s, 'GET x')).toBe(s);
  });
});

// A server that speaks garbage: the real parser error path, end to end.
it('classifies a non-HTTP reply as a fatal protocol error', async () => {
  const s = await listen(() => undefined);
  s.server.removeAllListeners('request');
  s.server.on('connection', (sock) => sock.end('NOT HTTP AT ALL\r\n\r\n'));
  try {
    const e = await failure(port.request({ method: 'GET', url: s.url, headers: {}, timeoutMs: 2000 }));
    expect(e).toMatchObject({ code: 'http.protocol', retryable: false });
  } finally {
    await s.close();
  }
});
