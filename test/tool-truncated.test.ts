// A response cut short is never passed on as if it were whole: JSON that stops mid-way is
// refused whatever its content type (and retried), and a close-delimited body whose
// connection was reset is a network error, not a shorter body.
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHttpPort } from '../src-main/connectors/http';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { cli, tempDir } from './helpers/cli';

const dir = tempDir('waymark-truncated-');
const servers: Array<{ close(): Promise<void> | void }> = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

function spec(baseUrl: string) {
  return {
    specVersion: 1,
    id: 'fetch-note',
    name: 'Fetch a note',
    defaults: { retry: { maxAttempts: 3, initialDelayMs: 20, backoffMultiplier: 1, maxDelayMs: 20, jitter: 0 } },
    connectors: { notes: { kind: 'http', baseUrl, risk: 'read' } },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'fetch', type: 'tool', name: 'Fetch', config: { connector: 'notes', path: '/note' } },
      { id: 'end', type: 'end', name: 'End', config: { output: 'nodes.fetch' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'fetch' },
      { id: 'e2', source: 'fetch', target: 'end' },
    ],
  };
}

async function run(srv: FlakyServer, name: string) {
  const file = path.join(dir, `${name}.waymark.json`);
  writeFileSync(file, JSON.stringify(spec(srv.url)));
  return cli(['--db', path.join(dir, `${name}.db`), '--json', 'run', file]);
}

const plain = { 'content-type': 'text/plain' };

describe('a response body cut short', () => {
  it('JSON labelled text/plain that stops mid-way is retried, and the whole answer is what the run gets', async () => {
    const srv = await startFlakyServer({
      script: [
        { status: 200, headers: plain, body: '{"approved": true, "amount": 12' },
        { status: 200, headers: plain, body: '{"approved": true, "amount": 1250}' },
      ],
    });
    servers.push(srv);
    const r = await run(srv, 'once');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).output).toEqual({ approved: true, amount: 1250 });
    expect(srv.requests).toHaveLength(2);
  });

  it('fails the step when every answer is cut short, naming why', async () => {
    const srv = await startFlakyServer({ fallback: { status: 200, headers: plain, body: '["a", "b", "c' } });
    servers.push(srv);
    const r = await run(srv, 'always');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'http.truncated',
      message: 'response body ends before its JSON does (13 characters received): it was cut short (after 3 attempts)',
    });
  });

  it('plain text that merely starts with a bracket is still text', async () => {
    const srv = await startFlakyServer({ script: [{ status: 200, headers: plain, body: '[INFO] all good' }] });
    servers.push(srv);
    const r = await run(srv, 'text');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).output).toBe('[INFO] all good');
  });

  it('a close-delimited body whose connection is reset is a retryable network error', async () => {
    const raw = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nthe first half of');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => raw.close(() => resolve())) });
    const http = createNodeHttpPort();
    const { port } = raw.address() as net.AddressInfo;
    const e = await http
      .request({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {}, timeoutMs: 2000 })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    http.close();
    expect(e).toMatchObject({ code: 'network', retryable: true });
  });
});
