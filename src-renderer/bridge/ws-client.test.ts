import { describe, expect, it } from 'vitest';
import { ApiError } from './protocol';
import { apiUrlFromLocation, createWsClient, type WsLike } from './ws-client';

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
  const client = createWsClient({
    ...extra,
    url: 'ws://127.0.0.1:4000/api?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn) => timers.push(fn),
  });
  return { client, sockets, timers };
}

describe('WebSocket client', () => {
  it('builds the API URL from the page origin and the session token', () => {
    expect(apiUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a/b')).toBe(
      'ws://127.0.0.1:5173/api?token=a%2Fb',
    );
    expect(apiUrlFromLocation({ protocol: 'https:', host: 'h' }, '')).toBe('wss://h/api?token=');
  });

  it('queues calls until open, then matches responses by id', async () => {
    const { client, sockets } = harness();
    const p = client.call('examples.list', {});
    const s = sockets[0] as FakeSocket;
    expect(s.sent).toEqual([]);
    s.open();
    expect(JSON.parse(s.sent[0] as string)).toEqual({ id: 1, method: 'examples.list', params: {} });
    s.receive({ id: 1, result: [{ name: 'refund-triage', title: 'Refund triage', description: '' }] });
    await expect(p).resolves.toEqual([{ name: 'refund-triage', title: 'Refund triage', description: '' }]);
  });

  it('rejects with an ApiError carrying code and problems', async () => {
    const { client, sockets } = harness();
    const s = sockets[0] as FakeSocket;
    s.open();
    const p = client.call('documents.save', { path: '/x', text: '{}' });
    const problem = { severity: 'error', code: 'schema', path: '$.nodes', message: 'is required' };
    s.receive({ id: 1, error: { code: 'invalid_spec', message: 'bad spec', problems: [problem] } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_spec', message: 'bad spec', problems: [problem] });
  });

  it('delivers pushed events and ignores malformed messages', () => {
    const { client, sockets } = harness();
    const s = sockets[0] as FakeSocket;
    s.open();
    const seen: unknown[] = [];
    client.onEvent((e) => seen.push(e.type));
    s.onmessage?.({ data: 'not json' });
    s.receive({ event: { nope: 1 } });
    s.receive({ event: { type: 'run.resumed', runId: 'r1', seq: 3, at: 'now', fromStep: 2 } });
    expect(seen).toEqual(['run.resumed']);
  });

  it('fails in-flight calls on disconnect and reconnects with backoff', async () => {
    const { client, sockets, timers } = harness();
    const first = sockets[0] as FakeSocket;
    first.open();
    const p = client.call('documents.recent', {});
    first.close();
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    expect(timers).toHaveLength(1);
    timers[0]?.();
    const second = sockets[1] as FakeSocket;
    const q = client.call('documents.recent', {});
    second.open();
    second.receive({ id: 2, result: ['/a.waymark.json'] });
    await expect(q).resolves.toEqual(['/a.waymark.json']);
  });

  it('reports a refused token when the host serves HTTP but never opens the socket', async () => {
    const statuses: string[] = [];
    const { client, sockets, timers } = harness({
      probe: () => Promise.resolve(true),
      onStatus: (st) => statuses.push(st),
    });
    const queued = client.call('documents.recent', {});
    (sockets[0] as FakeSocket).close(); // refused before opening
    await expect(queued).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/session token/) });
    expect(statuses.at(-1)).toBe('unauthorized');
    // Calls now fail at once, naming what to do, and nothing queued is sent later.
    await expect(client.call('documents.recent', {})).rejects.toMatchObject({
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
