import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api-client';
import { ApiError } from '../../shared/api-errors';
import { apiUrlFromLocation, createWsTransport, type WsLike } from './ws-transport';

class FakeSocket implements WsLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

function harness(extra: { probe?: () => Promise<boolean>; onStatus?: (s: string) => void } = {}) {
  const sockets: FakeSocket[] = [];
  const timers: Array<() => void> = [];
  const badFrames: string[] = [];
  const badPushes: string[] = [];
  const transport = createWsTransport({
    ...extra,
    url: 'ws://127.0.0.1:4000/api?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn) => timers.push(fn),
    onBadFrame: (p) => badFrames.push(p),
  });
  const api = createApiClient(transport, { onBadPush: (p) => badPushes.push(p) });
  return { api, sockets, timers, badFrames, badPushes };
}

const example = { name: 'refund-triage', title: 'Refund triage', description: '' };

describe('the typed client over the WebSocket transport', () => {
  it('builds the API URL from the page origin and the session token', () => {
    expect(apiUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a/b')).toBe(
      'ws://127.0.0.1:5173/api?token=a%2Fb',
    );
    expect(apiUrlFromLocation({ protocol: 'https:', host: 'h' }, '')).toBe('wss://h/api?token=');
  });

  it('queues calls until open, then matches responses by id (the wire format is unchanged)', async () => {
    const { api, sockets } = harness();
    const p = api.examples.list();
    const s = sockets[0] as FakeSocket;
    expect(s.sent).toEqual([]);
    s.open();
    expect(JSON.parse(s.sent[0] as string)).toEqual({ id: 1, method: 'examples.list', params: {} });
    s.receive({ id: 1, result: [example] });
    await expect(p).resolves.toEqual([example]);
  });

  it('rejects with an ApiError carrying code and problems', async () => {
    const { api, sockets } = harness();
    const s = sockets[0] as FakeSocket;
    s.open();
    const p = api.documents.save({ path: '/x', text: '{}' });
    const problem = { severity: 'error', code: 'schema', path: '$.nodes', message: 'is required' };
    s.receive({ id: 1, error: { code: 'invalid_spec', message: 'bad spec', problems: [problem] } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_spec', message: 'bad spec', problems: [problem] });
  });

  it('refuses a reply that does not match the contract with a bad_reply error naming the field', async () => {
    const { api, sockets } = harness();
    const s = sockets[0] as FakeSocket;
    s.open();
    const wrongType = api.examples.list();
    s.receive({ id: 1, result: [{ ...example, title: 42 }] });
    await expect(wrongType).rejects.toMatchObject({
      code: 'bad_reply',
      message: expect.stringMatching(/^examples\.list: .*result\[0\]\.title/),
    });
    const unknownCode = api.documents.recent();
    s.receive({ id: 2, error: { code: 'weird', message: 'x' } });
    await expect(unknownCode).rejects.toMatchObject({
      code: 'bad_reply',
      message: expect.stringMatching(/error\.code/),
    });
    const neither = api.documents.recent();
    s.receive({ id: 3, nothing: true });
    await expect(neither).rejects.toMatchObject({ code: 'bad_reply' });
  });

  it('delivers checked pushes and drops malformed ones', () => {
    const { api, sockets, badFrames, badPushes } = harness();
    const s = sockets[0] as FakeSocket;
    s.open();
    const seen: unknown[] = [];
    const notices: unknown[] = [];
    api.onEvent((e) => seen.push(e.type));
    api.onNotice((n) => notices.push(n.command));
    s.onmessage?.({ data: 'not json' });
    s.receive({ event: { nope: 1 } });
    // Envelope right, body wrong: `fromStep` must be a number.
    s.receive({ event: { type: 'run.resumed', runId: 'r1', seq: 3, at: 'now', fromStep: 'two' } });
    s.receive({ event: { type: 'run.resumed', runId: 'r1', seq: 3, at: 'now', fromStep: 2 } });
    s.receive({ notice: { command: 'rm -rf' } });
    s.receive({ notice: { command: 'file.save' } });
    expect(seen).toEqual(['run.resumed']);
    expect(notices).toEqual(['file.save']);
    expect(badFrames).toEqual(['not JSON']);
    expect(badPushes).toHaveLength(3);
    expect(badPushes[1]).toMatch(/event\.fromStep/);
  });

  it('fails in-flight calls on disconnect and reconnects with backoff', async () => {
    const { api, sockets, timers } = harness();
    const first = sockets[0] as FakeSocket;
    first.open();
    const p = api.documents.recent();
    first.close();
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    expect(timers).toHaveLength(1);
    timers[0]?.();
    const second = sockets[1] as FakeSocket;
    const q = api.documents.recent();
    second.open();
    second.receive({ id: 2, result: ['/a.waymark.json'] });
    await expect(q).resolves.toEqual(['/a.waymark.json']);
  });

  it('never sends a call it already reported failed: calls queued while the host is down fail and are dropped', async () => {
    const { api, sockets, timers } = harness({ probe: () => Promise.resolve(false) });
    const queued = api.runs.cancel({ runId: 'r1' });
    (sockets[0] as FakeSocket).close(); // the host is down: this attempt never opened
    await expect(queued).rejects.toMatchObject({ code: 'disconnected' });
    timers[0]?.();
    const next = sockets[1] as FakeSocket;
    next.open();
    expect(next.sent).toEqual([]);
    // A call made on the new connection is sent (once).
    void api.documents.recent();
    expect(next.sent.map((m) => (JSON.parse(m) as { method: string }).method)).toEqual(['documents.recent']);
  });

  it('reports a refused token when the host serves HTTP but never opens the socket', async () => {
    const statuses: string[] = [];
    const { api, sockets, timers } = harness({
      probe: () => Promise.resolve(true),
      onStatus: (st) => statuses.push(st),
    });
    const queued = api.documents.recent();
    (sockets[0] as FakeSocket).close(); // refused before opening
    await expect(queued).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/session token/) });
    expect(statuses.at(-1)).toBe('unauthorized');
    // Calls now fail at once, naming what to do, and nothing queued is sent later.
    await expect(api.documents.recent()).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/waymark serve/),
    });
    timers[0]?.();
    const next = sockets[1] as FakeSocket;
    next.open();
    expect(next.sent).toEqual([]);
    expect(statuses.at(-1)).toBe('open');
  });

  it('a host that is simply down stays "closed", not "unauthorized"', async () => {
    const statuses: string[] = [];
    const { sockets } = harness({ probe: () => Promise.resolve(false), onStatus: (st) => statuses.push(st) });
    (sockets[0] as FakeSocket).close();
    await Promise.resolve();
    await Promise.resolve();
    expect(statuses).toEqual(['connecting', 'closed']);
  });
});
