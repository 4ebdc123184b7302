// The fakes other suites rely on must themselves behave as documented: a fake that quietly
// double-counts or never replays would make every side-effect test meaningless.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerServer, LedgerSnapshot } from './fakes/ledger-server';
import { startLedgerServer } from './fakes/ledger-server';
import { startFakeLlmServer } from './fakes/fake-llm-server';
import { startFlakyServer } from './fakes/flaky-server';
import { sampleFromSchema } from './fakes/sample-json';

interface Res {
  status: number;
  headers: Headers;
  body: unknown;
}
async function call(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const r = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

let ledger: LedgerServer | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

describe('ledger server', () => {
  it('serves seeded orders and 404s unknown ones', async () => {
    ledger = await startLedgerServer();
    const ok = await call(`${ledger.url}/orders/ord_1001`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: 'ord_1001', amountCents: 12_900, currency: 'EUR', status: 'paid' });
    expect((await call(`${ledger.url}/orders/ord_9999`)).status).toBe(404);
  });

  it('records one effect per Idempotency-Key and replays the original response', async () => {
    ledger = await startLedgerServer();
    const refund = { orderId: 'ord_1001', amountCents: 2_500, reason: 'damaged' };
    const first = await call(`${ledger.url}/refunds`, 'POST', refund, { 'Idempotency-Key': 'k-1' });
    const again = await call(`${ledger.url}/refunds`, 'POST', refund, { 'Idempotency-Key': 'k-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const snap = (await call(`${ledger.url}/ledger`)).body as LedgerSnapshot;
    expect(snap.effects).toHaveLength(1);
    expect(snap.effects[0]).toMatchObject({
      kind: 'refund',
      idempotencyKey: 'k-1',
      orderId: 'ord_1001',
      amountCents: 2_500,
      currency: 'EUR',
      deliveries: 2,
    });
    expect(snap).toMatchObject({ deliveries: 2, duplicates: 1, rejected: 0 });
    expect(ledger.ledger()).toEqual(snap);
    expect((await call(`${ledger.url}/orders/ord_1001`)).body).toMatchObject({
      refundedCents: 2_500,
      status: 'partially_refunded',
    });
  });

  it('without a key, every delivery is a new effect (what idempotency prevents)', async () => {
    ledger = await startLedgerServer();
    const pay = { amountCents: 1_000, currency: 'USD', customer: 'Grace Hopper' };
    await call(`${ledger.url}/payments`, 'POST', pay);
    await call(`${ledger.url}/payments`, 'POST', pay);
    const snap = ledger.ledger();
    expect(snap.effects.map((e) => [e.kind, e.idempotencyKey])).toEqual([
      ['payment', null],
      ['payment', null],
    ]);
    expect(snap.duplicates).toBe(0);
  });

  it('rejects a key reused for a different request', async () => {
    ledger = await startLedgerServer();
    await call(`${ledger.url}/refunds`, 'POST', { orderId: 'ord_1001', amountCents: 100 }, { 'idempotency-key': 'k' });
    const clash = await call(
      `${ledger.url}/refunds`,
      'POST',
      { orderId: 'ord_1001', amountCents: 200 },
      { 'idempotency-key': 'k' },
    );
    expect(clash.status).toBe(422);
    expect(clash.body).toMatchObject({ error: 'idempotency_key_reused' });
    expect(ledger.ledger().effects).toHaveLength(1);
  });

  it('validates refunds like a real API', async () => {
    ledger = await startLedgerServer();
    expect((await call(`${ledger.url}/refunds`, 'POST', { orderId: 'ord_1001' })).status).toBe(400);
    expect((await call(`${ledger.url}/refunds`, 'POST', { orderId: 'ord_nope', amountCents: 1 })).status).toBe(404);
    expect((await call(`${ledger.url}/refunds`, 'POST', { orderId: 'ord_1003', amountCents: 1 })).body).toMatchObject({
      error: 'amount_too_large',
    });
    expect((await call(`${ledger.url}/refunds`, 'POST', { orderId: 'ord_1002', amountCents: 4_500 })).status).toBe(201);
    expect((await call(`${ledger.url}/orders/ord_1002`)).body).toMatchObject({ status: 'refunded' });
    expect(
      (await call(`${ledger.url}/payments`, 'POST', { amountCents: 5, currency: 'euro', customer: 'x' })).status,
    ).toBe(400);
    expect(ledger.ledger().effects).toHaveLength(1);
  });

  it('failNext "before": N requests get 503 (with Retry-After) and never reach the ledger', async () => {
    ledger = await startLedgerServer();
    ledger.failNext(2, { retryAfter: '1' });
    const body = { orderId: 'ord_1001', amountCents: 100 };
    const a = await call(`${ledger.url}/refunds`, 'POST', body, { 'idempotency-key': 'r' });
    const b = await call(`${ledger.url}/refunds`, 'POST', body, { 'idempotency-key': 'r' });
    const c = await call(`${ledger.url}/refunds`, 'POST', body, { 'idempotency-key': 'r' });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 201]);
    expect(a.headers.get('retry-after')).toBe('1');
    expect(ledger.ledger()).toMatchObject({ deliveries: 1, duplicates: 0, rejected: 2 });
    expect(ledger.ledger().effects).toHaveLength(1);
  });

  it('failNext "after": the effect happens, the response is lost, the retry is a replay', async () => {
    ledger = await startLedgerServer();
    ledger.failNext(1, { when: 'after', status: 502 });
    const body = { amountCents: 999, currency: 'EUR', customer: 'Ada' };
    const lost = await call(`${ledger.url}/payments`, 'POST', body, { 'idempotency-key': 'p' });
    const retry = await call(`${ledger.url}/payments`, 'POST', body, { 'idempotency-key': 'p' });
    expect(lost.status).toBe(502);
    expect(retry.status).toBe(201);
    const snap = ledger.ledger();
    expect(snap.effects).toHaveLength(1);
    expect(snap.effects[0]?.deliveries).toBe(2);
    expect(snap).toMatchObject({ deliveries: 2, duplicates: 1 });
  });

  it('is controllable over HTTP (for e2e) and resets to the seed', async () => {
    ledger = await startLedgerServer({
      orders: [
        {
          id: 'o1',
          customer: 'C',
          email: 'c@example.com',
          amountCents: 100,
          currency: 'EUR',
          status: 'paid',
          refundedCents: 0,
          items: [],
          createdAt: '2024-01-01T00:00:00Z',
        },
      ],
    });
    expect((await call(`${ledger.url}/orders/ord_1001`)).status).toBe(404);
    expect((await call(`${ledger.url}/_control/fail`, 'POST', { count: 1, status: 500 })).status).toBe(200);
    expect((await call(`${ledger.url}/ledger`)).status).toBe(200); // control routes are never failed
    expect((await call(`${ledger.url}/orders/o1`)).status).toBe(500);
    await call(`${ledger.url}/refunds`, 'POST', { orderId: 'o1', amountCents: 100 });
    expect((await call(`${ledger.url}/orders/o1`)).body).toMatchObject({ status: 'refunded' });
    await call(`${ledger.url}/_control/reset`, 'POST');
    expect((await call(`${ledger.url}/orders/o1`)).body).toMatchObject({ status: 'paid', refundedCents: 0 });
    expect(ledger.ledger()).toEqual({ effects: [], deliveries: 0, duplicates: 0, rejected: 0 });
  });

  it('runs standalone and prints its URL', async () => {
    const script = path.join(__dirname, 'fakes', 'ledger-server.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(line);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
        setTimeout(() => reject(new Error('no URL printed within 15 s')), 15_000);
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await call(`${url}/orders/ord_1002`)).body).toMatchObject({ customer: 'Grace Hopper' });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('fake LLM server', () => {
  it('serves queue, then handler, then the default; records every request', async () => {
    const srv = await startFakeLlmServer({
      replies: [{ text: 'queued' }],
      handler: (r) => ({ text: `handled ${r.messages.length}` }),
    });
    try {
      const post = (p: string, body: unknown, key: string): Promise<Res> =>
        call(`${srv.url}${p}`, 'POST', body, { 'idempotency-key': key });
      const a = await post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'k1');
      const b = await post(
        '/v1/messages',
        { model: 'c', system: 'sys', max_tokens: 5, messages: [{ role: 'user', content: 'yo' }] },
        'k2',
      );
      srv.setHandler(undefined);
      const c = await post(
        '/v1/messages',
        { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'plain' }] },
        'k3',
      );
      expect(a.body).toMatchObject({
        choices: [{ message: { content: 'queued' } }],
        usage: { prompt_tokens: 1, completion_tokens: 2 },
      });
      expect(b.body).toMatchObject({ content: [{ type: 'text', text: 'handled 1' }], usage: { input_tokens: 2 } });
      expect(c.body).toMatchObject({ content: [{ text: 'echo: plain' }] });
      expect(srv.requests.map((r) => [r.provider, r.idempotencyKey, r.model, r.system])).toEqual([
        ['openai', 'k1', 'm', ''],
        ['anthropic', 'k2', 'c', 'sys'],
        ['anthropic', 'k3', 'c', ''],
      ]);
      expect((await call(`${srv.url}/v1/other`, 'POST', {})).status).toBe(404);
    } finally {
      await srv.close();
    }
  });
});

describe('flaky server', () => {
  it('plays the script in order, then the fallback, recording timestamps', async () => {
    const srv = await startFlakyServer({
      script: [{ status: 500 }, { status: 200, body: { ok: 1 }, delayMs: 30 }],
      fallback: (r) => ({ status: 418, body: r.url }),
    });
    try {
      expect(srv.pending()).toBe(2);
      expect((await fetch(srv.url)).status).toBe(500);
      const t0 = Date.now();
      const ok = await fetch(`${srv.url}/x`, { method: 'POST', body: 'b', headers: { 'x-h': '1' } });
      expect(await ok.json()).toEqual({ ok: 1 });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
      const teapot = await fetch(`${srv.url}/tea`);
      expect([teapot.status, await teapot.text()]).toEqual([418, '/tea']);
      expect(srv.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['GET', '/', ''],
        ['POST', '/x', 'b'],
        ['GET', '/tea', ''],
      ]);
      expect(srv.requests[1]?.headers['x-h']).toBe('1');
      expect(srv.requests.every((r, i, all) => i === 0 || r.at >= (all[i - 1]?.at ?? 0))).toBe(true);
    } finally {
      await srv.close();
    }
  });

  it('close() ends hanging requests', async () => {
    const srv = await startFlakyServer({ script: [{ hang: true }] });
    const pending = fetch(srv.url).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    await srv.close();
    expect(await pending).toBe('dropped');
  });
});

describe('sampleFromSchema', () => {
  it('builds minimal values that satisfy common schemas', () => {
    expect(
      sampleFromSchema({
        type: 'object',
        properties: {
          a: { type: 'string', minLength: 6 },
          b: { type: 'integer', minimum: 3 },
          c: { enum: ['x', 'y'] },
          d: { type: 'array', items: { type: 'number' }, minItems: 2 },
          e: { type: ['null', 'boolean'] },
          f: { type: 'string' },
        },
        required: ['a', 'b', 'c', 'd', 'e'],
      }),
    ).toEqual({ a: 'fakexx', b: 3, c: 'x', d: [0, 0], e: false });
    expect(sampleFromSchema({ anyOf: [{ const: 42 }, { type: 'string' }] })).toBe(42);
  });
});
