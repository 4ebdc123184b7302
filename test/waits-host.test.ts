// Webhook and signal waits of runs started in the web host, woken by a loopback client after
// that host was killed (SIGKILL) and another started on the same database: a waiting run holds
// no process, so the new host's webhook endpoint and `runs.signal` wake each exactly once and
// the run completes with the payload that woke it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebHost } from '../src-main/host/web-server';
import { connectClient, type ApiClient } from './helpers/api-client';
import { tempDir } from './helpers/cli';
import { waitFlow } from './helpers/wait-flows';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'wait-host-child.ts');
const children: ChildProcess[] = [];
const clients: ApiClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function startHost(dir: string, db: string): Promise<{ child: ChildProcess; host: WebHost; api: ApiClient }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, db], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const [port, token] = await new Promise<[number, string]>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /ready (\d+) ([0-9a-f]+)/.exec(out);
      if (m) resolve([Number(m[1]), m[2] as string]);
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${err}`)));
  });
  const host = { port, token, url: '', close: async () => {} } as WebHost;
  const api = await connectClient(host);
  clients.push(api);
  return { child, host, api };
}

async function untilStatus(api: ApiClient, runId: string, status: string): Promise<void> {
  for (;;) {
    const d = await api.ok('runs.get', { runId });
    if (d.run.status === status) return;
    if (['completed', 'failed', 'cancelled'].includes(d.run.status) && d.run.status !== status)
      throw new Error(`run ${runId} ended ${d.run.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhook and signal waits after the host was killed', { timeout: 180_000 }, () => {
  it('a loopback client wakes both through the restarted host, exactly once each', async () => {
    const dir = tempDir('waymark-waits-host-');
    const db = path.join(dir, 'waymark.db');
    const a = await startHost(dir, db);
    const hookSpec = waitFlow({
      mode: 'webhook',
      method: 'POST',
      bodySchema: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
      replyStatus: 200,
      replyBody: 'got it for {{ input.orderId }}',
      timeoutMs: 3_600_000,
    });
    const sigSpec = waitFlow({
      mode: 'signal',
      signal: 'warehouse.packed',
      match: 'payload.orderId = input.orderId',
      correlate: { orderId: '{{ input.orderId }}' },
      timeoutMs: 3_600_000,
    });
    const { runId: hookRun } = await a.api.ok('runs.start', {
      text: JSON.stringify(hookSpec),
      input: { orderId: 'H1' },
    });
    const { runId: sigRun } = await a.api.ok('runs.start', { text: JSON.stringify(sigSpec), input: { orderId: 'S1' } });
    await untilStatus(a.api, hookRun, 'waiting');
    await untilStatus(a.api, sigRun, 'waiting');
    const waits = await a.api.ok('runs.waits', { runId: hookRun });
    expect(waits).toMatchObject([{ kind: 'webhook', status: 'pending', method: 'POST' }]);
    const hookPath = waits[0]?.hookPath as string;
    expect(hookPath).toMatch(/^\/hooks\/whk_[0-9a-z]{20}$/);
    expect(waits[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await a.api.ok('runs.waits', { runId: sigRun }))[0]).toMatchObject({
      kind: 'signal',
      signal: 'warehouse.packed',
      correlation: { orderId: 'S1' },
    });

    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));

    const b = await startHost(dir, db);
    // The new host has never seen the token; only its hash is stored, and that is enough.
    expect((await b.api.ok('runs.waits', { runId: hookRun }))[0]?.hookPath).toBeUndefined();
    const base = `http://127.0.0.1:${b.host.port}`;
    const wrongBody = await fetch(`${base}${hookPath}`, { method: 'POST', body: '{"nope":1}' });
    expect(wrongBody.status).toBe(400);
    expect(((await wrongBody.json()) as { error: string }).error).toMatch(/does not match the webhook's schema/);
    const wrongMethod = await fetch(`${base}${hookPath}`, { method: 'PUT', body: '{"status":"x"}' });
    expect(wrongMethod.status).toBe(405);
    const unknown = await fetch(`${base}/hooks/whk_aaaaaaaaaaaaaaaaaaaa`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);

    const hit = await fetch(`${base}${hookPath}?source=dock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'arrived' }),
    });
    expect(hit.status).toBe(200);
    expect(await hit.text()).toBe('got it for H1');
    const twice = await fetch(`${base}${hookPath}`, { method: 'POST', body: '{"status":"again"}' });
    expect(twice.status).toBe(404);

    const none = await b.api.ok('runs.signal', {
      name: 'warehouse.packed',
      payload: { orderId: 'nope' },
      correlate: { orderId: 'S1' },
    });
    expect(none.woken).toEqual([]);
    const sent = await b.api.ok('runs.signal', {
      name: 'warehouse.packed',
      payload: { orderId: 'S1', bay: 4 },
      correlate: { orderId: 'S1' },
      by: 'loopback client',
    });
    expect(sent.woken).toMatchObject([{ runId: sigRun, nodeId: 'w' }]);

    await untilStatus(b.api, hookRun, 'completed');
    await untilStatus(b.api, sigRun, 'completed');
    const hookDetail = await b.api.ok('runs.get', { runId: hookRun });
    expect(hookDetail.output).toEqual({ method: 'POST', body: { status: 'arrived' }, query: { source: 'dock' } });
    expect((await b.api.ok('runs.get', { runId: sigRun })).output).toEqual({ orderId: 'S1', bay: 4 });
    for (const runId of [hookRun, sigRun]) {
      const page = await b.api.ok('runs.events', { runId });
      expect(page.events.filter((e) => e.type === 'wait.fired')).toHaveLength(1);
      expect(page.events.filter((e) => e.type === 'step.completed' && e.nodeId === 'w')).toHaveLength(1);
    }
    const sigEvents = (await b.api.ok('runs.events', { runId: sigRun })).events;
    expect(sigEvents.find((e) => e.type === 'wait.fired')).toMatchObject({ cause: 'signal', by: 'loopback client' });
  });
});
