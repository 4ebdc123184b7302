// runs.* over the real web host: a WebSocket client on 127.0.0.1, a real SQLite database
// in a temp dir. Starting in the background, live pushes in seq order, run detail, paging
// of a long trace, cancel, and how errors come back.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHostDbPath } from '../src-main/host/api-service';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { gateFlow } from './fixtures/flows';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';

let t: TestHost;
let client: ApiClient;
let flaky: FlakyServer;

/** start → `count` transforms in a chain → end: pure nodes, two events each. */
function chain(count: number) {
  const ids = Array.from({ length: count }, (_, i) => `t${i}`);
  return {
    specVersion: 1,
    id: 'chain',
    name: `Chain of ${count}`,
    input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      ...ids.map((id, i) => ({
        id,
        type: 'transform',
        name: `Step ${i}`,
        config: { expression: i === 0 ? 'input.n + 1' : `nodes.t${i - 1} + 1` },
      })),
      { id: 'end', type: 'end', name: 'End', config: { output: `{ "total": nodes.t${count - 1} }` } },
    ],
    edges: ['start', ...ids].map((id, i) => ({ id: `e${i}`, source: id, target: ids[i] ?? 'end' })),
  };
}

beforeAll(async () => {
  t = await startTestHost();
  client = await connectClient(t.host);
  flaky = await startFlakyServer({ script: [{ hang: true }] });
});
afterAll(async () => {
  client?.close();
  await flaky?.close();
  await t?.kill();
  await rm(t.dir, { recursive: true, force: true });
});

describe('runs.start', () => {
  it('returns the run id at once; events arrive in seq order; runs.get shows the completed steps', async () => {
    const { runId } = await client.ok('runs.start', { text: JSON.stringify(chain(3)), input: { n: 1 } });
    expect(runId).toMatch(/^run_/);
    const finished = await client.finished(runId);
    expect(finished).toMatchObject({ status: 'completed', output: { total: 4 } });

    const events = client.events(runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ type: 'run.started', specId: 'chain', simulate: false });
    expect(events.filter((e) => e.type === 'step.completed').map((e) => ('nodeId' in e ? e.nodeId : ''))).toEqual([
      'start',
      't0',
      't1',
      't2',
      'end',
    ]);

    const detail = await client.ok('runs.get', { runId });
    expect(detail.run).toMatchObject({
      id: runId,
      status: 'completed',
      specName: 'Chain of 3',
      trigger: 'editor',
      stepCount: 5,
      interrupted: false,
    });
    expect(detail.run.durationMs).toBe((detail.run.endedAt ?? 0) - detail.run.createdAt);
    expect(detail.steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
      ['start', 'completed', { n: 1 }],
      ['t0', 'completed', 2],
      ['t1', 'completed', 3],
      ['t2', 'completed', 4],
      ['end', 'completed', { total: 4 }],
    ]);
    expect(detail).toMatchObject({ input: { n: 1 }, output: { total: 4 }, approvals: [] });
    expect(detail.spec.nodes.map((n) => n.id)).toEqual(['start', 't0', 't1', 't2', 'end']);
  });

  it('refuses an invalid spec with every problem and its JSON path; nothing runs', async () => {
    const bad = {
      specVersion: 1,
      id: 'bad',
      name: 'Bad',
      nodes: [
        { id: 'start', type: 'start', name: '' },
        { id: 'x', type: 'transform', name: '', config: {} },
      ],
      edges: [],
    };
    const r = await client.call('runs.start', { text: JSON.stringify(bad), input: {} });
    expect(r).toMatchObject({ error: { code: 'invalid_spec', message: expect.stringMatching(/error/) } });
    const paths = 'error' in r ? (r.error.problems ?? []).map((p) => p.path) : [];
    expect(paths).toContain('$.nodes[0].name');
    expect(paths.length).toBeGreaterThan(1);
    expect(await client.call('runs.start', { text: '{ nope', input: {} })).toMatchObject({
      error: { code: 'invalid_spec', problems: [{ code: 'json.syntax' }] },
    });
    expect(await client.ok('runs.list', { specId: 'bad' })).toEqual([]);
  });

  it('refuses input that does not match the input schema, naming the path', async () => {
    const r = await client.call('runs.start', { text: JSON.stringify(chain(1)), input: { n: 'one' } });
    expect(r).toMatchObject({
      error: { code: 'invalid_params', message: expect.stringContaining('$input.n'), problems: [{ path: '$input.n' }] },
    });
  });

  it('validates params in the backend', async () => {
    expect(await client.call('runs.list', { limit: 0 })).toMatchObject({
      error: { code: 'invalid_params', message: expect.stringContaining('params.limit') },
    });
    expect(await client.call('runs.events', { runId: 'x', limit: 1_000_000 })).toMatchObject({
      error: { code: 'invalid_params' },
    });
    expect(
      await client.call('approvals.decide', { approvalId: 'a', decision: 'maybe' as 'approved', by: 'me' }),
    ).toMatchObject({ error: { code: 'invalid_params', message: expect.stringContaining('params.decision') } });
  });
});

describe('runs.list, runs.get, runs.events', () => {
  it('lists runs newest first with filters and paging', async () => {
    const a = await client.ok('runs.start', { text: JSON.stringify(chain(1)), input: { n: 10 } });
    await client.finished(a.runId);
    const all = await client.ok('runs.list', { specId: 'chain' });
    expect(all[0]).toMatchObject({ id: a.runId, status: 'completed', usage: { costUsd: 0 }, interrupted: false });
    expect(all[0]).not.toHaveProperty('spec');
    expect((await client.ok('runs.list', { specId: 'chain', limit: 1, offset: 1 })).map((r) => r.id)).toEqual([
      all[1]?.id,
    ]);
    expect(await client.ok('runs.list', { status: 'waiting' })).toEqual([]);
  });

  it('pages a long trace with afterSeq/limit: every event once, in order, with the total', async () => {
    const { runId } = await client.ok('runs.start', { text: JSON.stringify(chain(400)), input: { n: 0 } });
    await client.finished(runId, 30_000);
    const seqs: number[] = [];
    let afterSeq = -1;
    let pages = 0;
    for (;;) {
      const page = await client.ok('runs.events', { runId, afterSeq, limit: 97 });
      pages++;
      seqs.push(...page.events.map((e) => e.seq));
      expect(page.total).toBeGreaterThan(800);
      afterSeq = page.nextAfterSeq;
      if (!page.hasMore) break;
      expect(page.events).toHaveLength(97);
    }
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    expect(pages).toBe(Math.ceil(seqs.length / 97));
    expect(seqs.length).toBe((await client.ok('runs.events', { runId })).total);
    expect(await client.ok('runs.events', { runId, afterSeq: seqs.length + 5 })).toMatchObject({
      events: [],
      hasMore: false,
      nextAfterSeq: seqs.length + 5,
    });
  });

  it('answers not_found for unknown runs and conflict for resuming a finished one', async () => {
    for (const method of ['runs.get', 'runs.events', 'runs.resume', 'runs.cancel'] as const) {
      expect(await client.call(method, { runId: 'run_nope' })).toEqual({
        error: { code: 'not_found', message: 'there is no run "run_nope"' },
      });
    }
    const [done] = await client.ok('runs.list', { status: 'completed', limit: 1 });
    expect(await client.call('runs.resume', { runId: done?.id ?? '' })).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('already completed') },
    });
    expect(await client.ok('runs.cancel', { runId: done?.id ?? '' })).toEqual({ cancelled: false });
  });
});

describe('runs.cancel', () => {
  it('stops a run that is executing in this backend; it ends as cancelled', async () => {
    const spec = {
      specVersion: 1,
      id: 'hang',
      name: 'Hangs',
      connectors: { api: { kind: 'http', baseUrl: flaky.url, risk: 'read' } },
      nodes: [
        { id: 'start', type: 'start', name: 'Start' },
        { id: 'call', type: 'tool', name: 'Call', config: { connector: 'api', path: '/slow' }, timeoutMs: 60_000 },
        { id: 'end', type: 'end', name: 'End' },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'end' },
      ],
    };
    const { runId } = await client.ok('runs.start', { text: JSON.stringify(spec), input: {} });
    await client.waitFor(
      (p) => 'event' in p && p.event.runId === runId && p.event.type === 'step.started' && p.event.nodeId === 'call',
    );
    expect((await client.ok('runs.list', { specId: 'hang' }))[0]).toMatchObject({
      status: 'running',
      interrupted: false,
    });
    expect(await client.ok('runs.interrupted', {})).toEqual([]);
    expect(await client.ok('runs.cancel', { runId })).toEqual({ cancelled: true });
    expect(await client.finished(runId)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(await client.call('runs.resume', { runId })).toMatchObject({ error: { code: 'conflict' } });
  });
});

describe('runs.cancel in the states a run rests in', () => {
  it('cancels a paused run and one waiting for approval; the approval leaves the inbox', async () => {
    const paused = await client.ok('runs.start', {
      text: JSON.stringify(chain(3)),
      input: { n: 1 },
      breakpoints: { before: ['t1'], after: [] },
    });
    await client.waitFor((p) => 'event' in p && p.event.runId === paused.runId && p.event.type === 'run.paused');
    // `paused` is a list filter like any other status.
    const pausedList = await client.ok('runs.list', { status: 'paused' });
    expect(pausedList.map((r) => r.id)).toContain(paused.runId);
    expect(pausedList.every((r) => r.status === 'paused')).toBe(true);
    expect(await client.ok('runs.cancel', { runId: paused.runId, by: 'hana' })).toEqual({ cancelled: true });
    expect((await client.ok('runs.get', { runId: paused.runId })).run.status).toBe('cancelled');

    const waiting = await client.ok('runs.start', { text: JSON.stringify(gateFlow()), input: {} });
    await client.waitFor((p) => 'event' in p && p.event.runId === waiting.runId && p.event.type === 'run.waiting');
    expect(await client.ok('runs.cancel', { runId: waiting.runId, by: 'hana' })).toEqual({ cancelled: true });
    const detail = await client.ok('runs.get', { runId: waiting.runId });
    expect(detail.run.status).toBe('cancelled');
    expect(detail.approvals).toMatchObject([{ status: 'cancelled', decidedBy: 'hana' }]);
    const inbox = await client.ok('approvals.list', { status: 'pending' });
    expect(inbox.some((a) => a.runId === waiting.runId)).toBe(false);
    expect((await client.ok('runs.list', { status: 'paused' })).map((r) => r.id)).not.toContain(paused.runId);
  });
});

describe('database location', () => {
  it('is $WAYMARK_DB when set (shared with the CLI), else <dataDir>/waymark.db', () => {
    expect(defaultHostDbPath('/data', {})).toBe('/data/waymark.db');
    expect(defaultHostDbPath('/data', { WAYMARK_DB: '/srv/runs.db' })).toBe('/srv/runs.db');
  });
});
