// Nothing a client sends may take the web host down. The host runs in its own process
// (test/fixtures/web-host-child.ts) so a crash is a dead process, not a swallowed error;
// raw TCP sockets send what no HTTP client would: broken request lines, paths such as `//`
// (which once killed the host before the token check), odd methods and headers, broken
// upgrade requests and malformed WebSocket frames. Every answer must be a 4xx (never a 500:
// that would mean an unexpected failure), the host must log nothing unexpected, and it
// must still serve a normal request and an API call afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'web-host-child.ts');

let dir: string;
let child: ChildProcess;
let port: number;
let token: string;
let stderr = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waymark-fuzz-'));
  child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  [port, token] = await new Promise<[number, string]>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+) ([0-9a-f]+)/.exec(out);
      if (m) resolve([Number(m[1]), m[2] as string]);
    });
    child.once('exit', (code) => reject(new Error(`host exited early (${code}): ${stderr}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  await rm(dir, { recursive: true, force: true });
});

interface Exchange {
  /** The HTTP status of the first response line, if one came. */
  status?: number;
  text: string;
}

/** Writes raw bytes, collects what comes back until the peer closes or `waitMs` of silence. */
function exchange(bytes: Buffer | string, waitMs = 1500): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ ...(m ? { status: Number(m[1]) } : {}), text });
    };
    const idle = (): void => {
      clearTimeout(timer);
      timer = setTimeout(done, waitMs);
    };
    socket.on('data', (d) => {
      chunks.push(d);
      idle();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      socket.write(bytes);
      idle();
    });
  });
}

const hostHeader = (): string => `Host: 127.0.0.1:${port}\r\n`;

function request(line: string, headers = hostHeader(), body = ''): string {
  return `${line}\r\n${headers}\r\n${body}`;
}

/** Runs `fn` over `items` with at most `n` in flight (2 cores, shared). */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** A deterministic generator, so a failing input can be reproduced from the seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATH_PIECES = [
  '/',
  '//',
  '///',
  '//:',
  '//@',
  '//[',
  '//[::1',
  '\\\\',
  '/..',
  '/%2e%2e',
  '/%',
  '/%zz',
  '/%00',
  '/%ED%A0%80',
  '/%C0%AE',
  '?',
  '??',
  '?token=',
  `?token=${'f'.repeat(64)}`,
  '#',
  '#frag',
  '@',
  ':',
  ';',
  '/api',
  '/assets/',
  '/index.html',
  'é',
  '\u2028',
  '*',
  'http://127.0.0.1/',
  'http://[',
  '~',
  '%',
  ' ',
  '\t',
];
const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'get',
  'G\u00e9T',
  'X',
];

function randomTarget(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 5);
  let t = '';
  for (let i = 0; i < n; i++) t += PATH_PIECES[Math.floor(rand() * PATH_PIECES.length)];
  return t;
}

function randomRequest(rand: () => number): string {
  const method = METHODS[Math.floor(rand() * METHODS.length)] as string;
  const target = randomTarget(rand);
  const version = rand() < 0.9 ? 'HTTP/1.1' : rand() < 0.5 ? 'HTTP/1.0' : 'HTTP/9.9';
  const extra = rand() < 0.3 ? `Origin: http://127.0.0.1:${port}\r\n` : rand() < 0.2 ? 'Origin: null\r\n' : '';
  const cookie = rand() < 0.2 ? `Cookie: waymark_token_${port}=${randomTarget(rand)}\r\n` : '';
  return request(`${method} ${target} ${version}`, `${hostHeader()}${extra}${cookie}Connection: close\r\n`);
}

const wsKey = (): string => randomBytes(16).toString('base64');

function upgrade(target: string, extraHeaders = ''): string {
  return request(
    `GET ${target} HTTP/1.1`,
    `${hostHeader()}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${wsKey()}\r\n${extraHeaders}`,
  );
}

/** One WebSocket frame, masked (as clients must) unless told otherwise. */
function frame(
  opcode: number,
  payload: Buffer,
  o: { fin?: boolean; rsv?: number; mask?: boolean; length?: bigint } = {},
): Buffer {
  const fin = o.fin ?? true;
  const mask = o.mask ?? true;
  const len = o.length ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push(maskBit | Number(len));
  else if (len < 65536n) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

/** Completes a real handshake on a raw socket, then sends `frames`; returns what came back after the 101. */
function afterHandshake(
  frames: Buffer[],
  waitMs = 1500,
): Promise<{ upgraded: boolean; rest: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const at = buf.indexOf('\r\n\r\n');
      resolve({ upgraded, rest: at >= 0 ? buf.subarray(at + 4) : Buffer.alloc(0), closed });
    };
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded && buf.includes('\r\n\r\n')) {
        upgraded = buf.toString('latin1').startsWith('HTTP/1.1 101');
        if (!upgraded) return done();
        for (const f of frames) socket.write(f);
      }
      clearTimeout(timer);
      timer = setTimeout(done, waitMs);
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', done);
    socket.on('connect', () => {
      socket.write(upgrade(`/api?token=${token}`));
      timer = setTimeout(done, 10_000);
    });
  });
}

/** The close code in a server close frame (server frames are unmasked), if one was sent. */
function closeCode(bytes: Buffer): number | undefined {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = (bytes[i] as number) & 0x0f;
    let len = (bytes[i + 1] as number) & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 0x8) return len >= 2 ? bytes.readUInt16BE(at) : 1005;
    i = at + len;
  }
  return undefined;
}

/** The host still serves the page and answers an API call. */
async function stillServing(): Promise<void> {
  expect(child.exitCode, `host died; its stderr:\n${stderr}`).toBeNull();
  const page = await exchange(request(`GET /?token=${token} HTTP/1.1`, `${hostHeader()}Connection: close\r\n`));
  expect(page.status).toBe(200);
  expect(page.text).toContain('<title>Waymark</title>');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = await new Promise<unknown>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d))));
    ws.send(JSON.stringify({ id: 1, method: 'documents.recent', params: {} }));
  });
  ws.close();
  expect(reply).toEqual({ id: 1, result: [] });
}

function expectClientError(r: Exchange, what: string): void {
  // No answer at all (Node dropped the connection) is fine; a 5xx never is.
  if (r.status !== undefined) expect(r.status, `${what} → ${r.text.slice(0, 120)}`).toBeLessThan(500);
}

describe('web host under hostile input', () => {
  it('survives the request targets that used to kill it, with or without the token', async () => {
    for (const target of ['//', '///', '//:', '//@', '//@:', '//[', '//?token=x', `//?token=${token}`]) {
      const r = await exchange(request(`GET ${target} HTTP/1.1`, `${hostHeader()}Connection: close\r\n`));
      expect(r.status, target).toBeDefined();
      expectClientError(r, target);
      const up = await exchange(upgrade(target));
      expectClientError(up, `upgrade ${target}`);
      expect(up.status, `upgrade ${target}`).not.toBe(101);
    }
    await stillServing();
  });

  it('survives 1,000 generated request lines, methods, paths and headers', async () => {
    const rand = prng(20240611);
    const inputs = Array.from({ length: 1000 }, () => randomRequest(rand));
    const results = await pool(inputs, 8, (i) => exchange(i, 800));
    results.forEach((r, i) => expectClientError(r, JSON.stringify(inputs[i])));
    // Something answered: the generator is not just producing connections Node drops.
    expect(results.filter((r) => r.status !== undefined).length).toBeGreaterThan(900);
    await stillServing();
  });

  it('survives broken request lines and headers Node itself refuses', async () => {
    const inputs = [
      'GET\r\n\r\n',
      'GET /\r\n\r\n',
      ' / HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1 extra\r\n\r\n',
      '\x00\x01\x02\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\n${hostHeader()}\r\n`,
      request('GET / HTTP/1.1', `${hostHeader()}X-Big: ${'b'.repeat(100_000)}\r\n`),
      request('GET / HTTP/1.1', ''),
      request('GET / HTTP/1.1', `${hostHeader()}${hostHeader()}`),
      request('GET / HTTP/1.1', `Host: 127.0.0.1:${port}\x00\r\n`),
      request('GET / HTTP/1.1', `Host: [::1\r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}NoColonHeader\r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}Content-Length: -1\r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n`),
      request('POST / HTTP/1.1', `${hostHeader()}Transfer-Encoding: chunked\r\n`, 'zz\r\n'),
      request('GET / HTTP/1.1', `${hostHeader()}Expect: 100-continue\r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}Cookie: =;;;=;waymark_token_${port}\r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}Origin: \r\n`),
      request('GET / HTTP/1.1', `${hostHeader()}Origin: http://127.0.0.1:${port}/\u00e9\r\n`),
      request('CONNECT 127.0.0.1:22 HTTP/1.1', hostHeader()),
      request('OPTIONS * HTTP/1.1', hostHeader()),
      request(`GET http://127.0.0.1:${port}/ HTTP/1.1`, hostHeader()),
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    ];
    const results = await pool(inputs, 4, (i) => exchange(i, 800));
    results.forEach((r, i) => expectClientError(r, JSON.stringify(inputs[i]?.slice(0, 80))));
    await stillServing();
  });

  it('survives broken upgrade requests', async () => {
    const inputs = [
      request('GET /api HTTP/1.1', `${hostHeader()}Upgrade: websocket\r\nConnection: Upgrade\r\n`),
      upgrade(`/api?token=${token}`, 'Sec-WebSocket-Version: 99\r\n'),
      request(
        `GET /api?token=${token} HTTP/1.1`,
        `${hostHeader()}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n`,
      ),
      request(`GET /api?token=${token} HTTP/1.1`, `${hostHeader()}Upgrade: h2c\r\nConnection: Upgrade\r\n`),
      request(`POST /api?token=${token} HTTP/1.1`, `${hostHeader()}Upgrade: websocket\r\nConnection: Upgrade\r\n`),
      upgrade(`/api?token=${token}`, 'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99\r\n'),
      upgrade(`/api?token=${token}`, 'Sec-WebSocket-Protocol: ,,,\r\n'),
      upgrade(`/api?token=${token}`, `Origin: null\r\n`),
      upgrade(`/api?token=${token}&token=x`),
      upgrade('/api?token=%'),
      upgrade('/api?%%%'),
      upgrade(`/%61pi?token=${token}`),
      upgrade(`/api/?token=${token}`),
      upgrade('*'),
      upgrade(`http://127.0.0.1:${port}/api?token=${token}`),
    ];
    const results = await pool(inputs, 4, (i) => exchange(i, 800));
    results.forEach((r, i) => {
      expectClientError(r, JSON.stringify(inputs[i]?.split('\r\n')[0]));
    });
    await stillServing();
  });

  it('closes a socket on malformed frames (with the protocol close code) and keeps serving', async () => {
    const text = (s: string): Buffer => Buffer.from(s, 'utf8');
    const cases: Array<{ name: string; frames: Buffer[]; code?: number; reply?: RegExp }> = [
      { name: 'unmasked frame', frames: [frame(0x1, text('{}'), { mask: false })], code: 1002 },
      { name: 'RSV1 without an extension', frames: [frame(0x1, text('{}'), { rsv: 4 })], code: 1002 },
      { name: 'reserved data opcode', frames: [frame(0x3, text('x'))], code: 1002 },
      { name: 'reserved control opcode', frames: [frame(0xb, text('x'))], code: 1002 },
      { name: 'invalid UTF-8 text', frames: [frame(0x1, Buffer.from([0xff, 0xfe, 0xfd]))], code: 1007 },
      { name: 'oversized ping', frames: [frame(0x9, Buffer.alloc(126))], code: 1002 },
      { name: 'fragmented ping', frames: [frame(0x9, text('x'), { fin: false })], code: 1002 },
      { name: 'continuation without a start', frames: [frame(0x0, text('x'))], code: 1002 },
      {
        name: 'a 2^63-byte length',
        frames: [frame(0x1, Buffer.alloc(0), { length: 0x7fffffffffffffffn })],
        code: 1009,
      },
      { name: 'close with an invalid code', frames: [frame(0x8, Buffer.from([0x03, 0xe7]))], code: 1002 },
      { name: 'close with a 1-byte payload', frames: [frame(0x8, Buffer.from([0x03]))], code: 1002 },
      { name: 'binary frame', frames: [frame(0x2, Buffer.from([1, 2, 3]))], reply: /binary frames/ },
      { name: 'JSON nested 100,000 deep', frames: [frame(0x1, text('['.repeat(100_000)))], reply: /malformed JSON/ },
      {
        name: 'prototype method names',
        frames: ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((m) =>
          frame(0x1, text(JSON.stringify({ id: m, method: m, params: {} }))),
        ),
        reply: /unknown_method/,
      },
      {
        name: 'hostile params',
        frames: [
          frame(0x1, text('{"id":1,"method":"documents.open","params":{"path":"//"}}')),
          frame(0x1, text('{"id":2,"method":"documents.open","params":{"__proto__":{"path":"x"}}}')),
          frame(0x1, text('{"id":3,"method":"spec.validate","params":{"text":"\\ud800"}}')),
          frame(0x1, text('{"id":4,"method":"examples.read","params":null}')),
        ],
        reply: /"id":4/,
      },
    ];
    for (const c of cases) {
      const r = await afterHandshake(c.frames);
      expect(r.upgraded, c.name).toBe(true);
      if (c.code !== undefined) {
        expect(closeCode(r.rest), c.name).toBe(c.code);
        expect(r.closed, c.name).toBe(true);
      }
      if (c.reply) expect(r.rest.toString('utf8'), c.name).toMatch(c.reply);
    }
    await stillServing();
  });

  it('logged no unexpected failure along the way', () => {
    expect(stderr).not.toMatch(/unexpected error/);
    expect(child.exitCode).toBeNull();
  });
});
