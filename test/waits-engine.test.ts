// The wait node and durable waits in the engine, over both stores, with a manual clock:
// each mode parks the run with a `waits` row written with its step, fires exactly once
// (time, signal, webhook, form), takes the timeout port at its timeout, and a waiting run
// holds no lease.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src-main/engine/ports';
import { Engine } from '../src-main/engine/engine';
import { MemoryCheckpointStore } from '../src-main/engine/memory-store';
import { builtinRegistry } from '../src-main/engine/nodes';
import type { CheckpointStore } from '../src-main/engine/store';
import { mapSecrets, noHttp, noLlm, SeededRandom } from '../src-main/engine/testing/fakes';
import { inProcessSandbox } from '../src-main/engine/bounded';
import { SqliteCheckpointStore } from '../src-main/storage/sqlite-store';
import { nextCronTime, parseDuration } from '../shared/nodes/wait';

class ManualClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  async sleep(): Promise<void> {}
}

const T0 = Date.parse('2026-03-02T08:00:00Z'); // a Monday

function waitFlow(config: Record<string, unknown>) {
  return {
    specVersion: 1,
    id: 'wait-flow',
    name: 'Wait flow',
    input: { type: 'object', properties: { orderId: { type: 'string' } } },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'w', type: 'wait', name: 'Wait for it', config },
      { id: 'done', type: 'end', name: 'Done' },
      { id: 'late', type: 'end', name: 'Late' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'w' },
      { id: 'e2', source: 'w', target: 'done' },
      { id: 'e3', source: 'w', target: 'late', kind: 'branch', branch: 'timeout' },
    ],
  };
}

const stores: Array<[string, () => CheckpointStore]> = [
  ['memory', () => new MemoryCheckpointStore()],
  ['sqlite', () => new SqliteCheckpointStore({ path: ':memory:' })],
];

function engineOn(store: CheckpointStore, clock: ManualClock, n = 1): Engine {
  return new Engine({
    store,
    registry: builtinRegistry(),
    http: noHttp,
    llm: noLlm,
    secrets: mapSecrets({}),
    clock,
    random: new SeededRandom(n),
    sandbox: inProcessSandbox(),
    lease: { owner: { id: `own_${n}`, label: `engine ${n}` } },
  });
}

describe.each(stores)('durable waits (%s store)', (_name, makeStore) => {
  it('timer: parks with a waits row and no lease; a waker fires it once when due; the output says when', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const a = engineOn(store, clock, 1);
    const b = engineOn(store, clock, 2);
    const o = await a.start(waitFlow({ mode: 'timer', duration: '10m', timeoutMs: 3_600_000 }), {});
    expect(o.status).toBe('waiting');
    expect(o.wait?.until).toBe(T0 + 600_000);
    const run = store.getRun(o.runId)!;
    expect(run.status).toBe('waiting');
    expect(run.lease).toBeUndefined();
    const [row] = store.listWaits({ runId: o.runId });
    expect(row).toMatchObject({ kind: 'time', status: 'pending', wakeAt: T0 + 600_000, state: 'timer' });
    expect(a.dueWaits()).toEqual([]);
    clock.t = T0 + 600_000;
    const due = a.dueWaits();
    expect(due.map((w) => w.runId)).toEqual([o.runId]);
    // Two wakers race: exactly one fires it.
    expect([a.fireDue(row!.id), b.fireDue(row!.id)]).toEqual([true, false]);
    const done = await b.resume(o.runId);
    expect(done.status).toBe('completed');
    expect(done.output).toMatchObject({ scheduledFor: new Date(T0 + 600_000).toISOString() });
    expect(store.getWait(row!.id)?.status).toBe('closed');
    store.close();
  });

  it('timer set past its timeout continues by the timeout port', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const e = engineOn(store, clock);
    const o = await e.start(waitFlow({ mode: 'timer', duration: '2h', timeoutMs: 3_600_000 }), {});
    clock.t = T0 + 3_600_000;
    const done = await e.resume(o.runId);
    expect(done.status).toBe('completed');
    expect(done.output).toMatchObject({ timedOut: true, mode: 'timer' });
    store.close();
  });

  it('signal: only a matching payload wakes it, once; the payload is the output', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const e = engineOn(store, clock);
    const cfg = {
      mode: 'signal',
      signal: 'order.ready',
      match: 'payload.orderId = input.orderId',
      correlate: { orderId: '{{ input.orderId }}' },
      timeoutMs: 3_600_000,
    };
    const r1 = await e.start(waitFlow(cfg), { orderId: 'A1' });
    const r2 = await e.start(waitFlow(cfg), { orderId: 'B2' });
    expect(store.listWaits({ runId: r1.runId })[0]).toMatchObject({
      signal: 'order.ready',
      correlation: { orderId: 'A1' },
    });
    // Wrong payload for both: nothing fires.
    expect(await e.signal({ name: 'order.ready', payload: { orderId: 'Z9' }, by: 'test' })).toEqual([]);
    const fired = await e.signal({ name: 'order.ready', payload: { orderId: 'B2', ok: true }, by: 'test' });
    expect(fired.map((f) => f.runId)).toEqual([r2.runId]);
    expect(await e.signal({ name: 'order.ready', payload: { orderId: 'B2' }, by: 'test' })).toEqual([]);
    const done = await e.resume(r2.runId);
    expect(done.output).toEqual({ orderId: 'B2', ok: true });
    // By correlation key.
    const byKey = await e.signal({
      name: 'order.ready',
      payload: { orderId: 'A1' },
      correlate: { orderId: 'A1' },
      by: 'test',
    });
    expect(byKey.map((f) => f.runId)).toEqual([r1.runId]);
    expect((await e.resume(r1.runId)).output).toEqual({ orderId: 'A1' });
    store.close();
  });

  it('signal wait times out by the timeout port when nothing comes', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const e = engineOn(store, clock);
    const o = await e.start(waitFlow({ mode: 'signal', signal: 'never', timeoutMs: 60_000 }), {});
    clock.t = T0 + 60_000;
    const [due] = e.dueWaits();
    expect(e.fireDue(due!.waitId)).toBe(true);
    expect((await e.resume(o.runId)).output).toMatchObject({ timedOut: true, mode: 'signal' });
    // A signal after the timeout finds nothing.
    expect(await e.signal({ name: 'never', payload: {}, by: 'test' })).toEqual([]);
    store.close();
  });

  it('webhook: the token is returned once and stored hashed; method and body schema are checked', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const e = engineOn(store, clock);
    const o = await e.start(
      waitFlow({
        mode: 'webhook',
        method: 'POST',
        bodySchema: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
        replyStatus: 200,
        replyBody: 'thanks for {{ input.orderId }}',
        timeoutMs: 3_600_000,
      }),
      { orderId: 'C3' },
    );
    expect(o.hookPath).toMatch(/^\/hooks\/whk_/);
    const token = o.hookPath!.slice('/hooks/'.length);
    const [row] = store.listWaits({ runId: o.runId });
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(store.listWaits({ runId: o.runId }))).not.toContain(token);
    expect(JSON.stringify(store.getSteps(o.runId))).not.toContain(token);
    expect(JSON.stringify(store.getEvents(o.runId))).not.toContain(token);
    await expect(e.webhook({ token: 'whk_wrong', method: 'POST', body: {}, query: {} })).rejects.toMatchObject({
      status: 404,
    });
    await expect(e.webhook({ token, method: 'GET', body: {}, query: {} })).rejects.toMatchObject({ status: 405 });
    await expect(e.webhook({ token, method: 'POST', body: { nope: 1 }, query: {} })).rejects.toMatchObject({
      status: 400,
    });
    const hit = await e.webhook({ token, method: 'POST', body: { status: 'shipped' }, query: { a: '1' } });
    expect(hit.reply).toEqual({ status: 200, body: 'thanks for C3' });
    await expect(e.webhook({ token, method: 'POST', body: { status: 'again' }, query: {} })).rejects.toMatchObject({
      status: 404,
    });
    const done = await e.resume(o.runId);
    expect(done.output).toEqual({ method: 'POST', body: { status: 'shipped' }, query: { a: '1' } });
    store.close();
  });

  it('form: an approval with the form as its schema; the answer is the output', async () => {
    const store = makeStore();
    const clock = new ManualClock(T0);
    const e = engineOn(store, clock);
    const o = await e.start(
      waitFlow({
        mode: 'form',
        message: 'Is order {{ input.orderId }} packed?',
        formSchema: { type: 'object', required: ['packed'], properties: { packed: { type: 'boolean' } } },
        timeoutMs: 3_600_000,
      }),
      { orderId: 'D4' },
    );
    expect(o.approvalId).toBeDefined();
    expect(store.getApproval(o.approvalId!)).toMatchObject({ message: 'Is order D4 packed?', reason: 'form' });
    await expect(
      e.decide({ approvalId: o.approvalId!, decision: 'approved', by: 'ann', payload: { packed: 'yes' } }),
    ).rejects.toThrow(/payload schema/);
    const done = await e.decide({
      approvalId: o.approvalId!,
      decision: 'approved',
      by: 'ann',
      payload: { packed: true },
    });
    expect(done.output).toEqual({ packed: true });
    store.close();
  });
});

describe('wait times', () => {
  it('reads durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('PT10M')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('P1DT2H')).toBe(26 * 3_600_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
  });
  it('finds the next cron occurrence in a time zone, across a daylight-saving change', () => {
    // Mondays 09:00 in Berlin; T0 is Monday 08:00 UTC = 09:00 CET, so the next is a week on.
    expect(new Date(nextCronTime('0 9 * * 1', 'Europe/Berlin', T0)!).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    // After the spring change (29 March 2026) 09:00 Berlin is 07:00 UTC.
    expect(
      new Date(nextCronTime('0 9 * * 1', 'Europe/Berlin', Date.parse('2026-03-28T00:00:00Z'))!).toISOString(),
    ).toBe('2026-03-30T07:00:00.000Z');
    // 02:30 does not exist in Berlin on 29 March 2026: the next one is the day after.
    expect(
      new Date(nextCronTime('30 2 * * *', 'Europe/Berlin', Date.parse('2026-03-28T12:00:00Z'))!).toISOString(),
    ).toBe('2026-03-30T00:30:00.000Z');
    expect(new Date(nextCronTime('*/15 * * * *', 'UTC', Date.parse('2026-01-01T00:07:00Z'))!).toISOString()).toBe(
      '2026-01-01T00:15:00.000Z',
    );
    expect(nextCronTime('0 0 31 2 *', 'UTC', T0)).toBeUndefined();
  });
});
