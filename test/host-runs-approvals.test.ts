// The approvals inbox over the real web host: the refund-triage example, simulated, stops at
// its manager gate; the inbox shows what (payload), why (upstream outputs and decisions) and
// cost; an edited approval finishes the run; a second decision is refused. Pending approvals
// survive a backend restart, and a decision made by another process on the same database
// (what `waymark approve --db` does) is what the host shows.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../src-main/host/runtime';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';

const INPUT = {
  ticketId: 'T-1',
  orderId: 'ord_1001',
  message: 'It arrived cracked.',
  customerEmail: 'ada@example.com',
};
let refundText: string;
let t: TestHost;
let client: ApiClient;

beforeAll(async () => {
  refundText = await readFile(path.resolve('resources/examples/refund-triage.waymark.json'), 'utf8');
  t = await startTestHost();
  client = await connectClient(t.host);
});
afterAll(async () => {
  client?.close();
  await t?.kill();
  await rm(t.dir, { recursive: true, force: true });
});

/** Starts a simulated refund-triage run and waits for its gate to open. */
async function runToGate(c: ApiClient): Promise<{ runId: string; approvalId: string }> {
  const { runId } = await c.ok('runs.start', { text: refundText, input: INPUT, simulate: true });
  const push = await c.waitFor(
    (p) => 'notice' in p && p.notice.command === 'approval.requested' && p.notice.runId === runId,
  );
  if (!('notice' in push) || push.notice.command !== 'approval.requested') throw new Error('unreachable');
  return { runId, approvalId: push.notice.approvalId };
}

describe('approvals over the web host', () => {
  it('pushes the approval.requested event, then a notice for the gate', async () => {
    const { runId, approvalId } = await runToGate(client);
    const events = client.events(runId);
    expect(events.at(-1)).toMatchObject({ type: 'run.waiting', approvalId, nodeId: 'manager_approval' });
    expect(client.notices()).toContainEqual({
      command: 'approval.requested',
      approvalId,
      runId,
      message: expect.stringContaining('Refund 129.00 EUR for order ord_1001'),
    });
    // The event is published before its notice, so a client can rely on having the event.
    const eventAt = client.pushes.findIndex(
      (p) => 'event' in p && p.event.type === 'approval.requested' && p.event.approvalId === approvalId,
    );
    const noticeAt = client.pushes.findIndex(
      (p) => 'notice' in p && p.notice.command === 'approval.requested' && p.notice.approvalId === approvalId,
    );
    expect(eventAt).toBeGreaterThanOrEqual(0);
    expect(noticeAt).toBeGreaterThan(eventAt);
  });

  it('lists the gate with its exact payload, the upstream outputs, the decisions taken and the cost', async () => {
    const { runId, approvalId } = await runToGate(client);
    const inbox = await client.ok('approvals.list', { status: 'pending', runId });
    expect(inbox).toHaveLength(1);
    const [view] = inbox;
    expect(view).toMatchObject({
      runId,
      runStatus: 'waiting',
      specId: 'refund-triage',
      specName: 'Refund triage',
      nodeName: 'Manager approval',
      simulate: true,
      cost: { costUsd: 0, llmCalls: 0 },
      approval: {
        id: approvalId,
        status: 'pending',
        reason: 'gate',
        payload: {
          orderId: 'ord_1001',
          amountCents: 12900,
          currency: 'EUR',
          reason: 'Blender arrived cracked; customer asks for a refund.',
        },
        payloadSchema: { required: ['orderId', 'amountCents', 'currency'] },
      },
    });
    expect(view?.upstream.map((s) => s.nodeId)).toEqual([
      'start',
      'classify',
      'is_refund',
      'lookup_order',
      'amount_check',
    ]);
    expect(view?.upstream.find((s) => s.nodeId === 'lookup_order')).toMatchObject({
      nodeName: 'Look up order',
      status: 'completed',
      output: { amountCents: 12900, currency: 'EUR', refundedCents: 0 },
    });
    expect(view?.decisions).toEqual([
      expect.objectContaining({
        nodeId: 'is_refund',
        nodeName: 'Refund request?',
        branch: 'refund',
        label: 'refunds and damaged goods',
        rationale: expect.stringContaining('held → refund'),
      }),
      expect.objectContaining({
        nodeId: 'amount_check',
        branch: 'review',
        rationale: 'no rule held → default branch review',
      }),
    ]);
    const all = await client.ok('approvals.list', {});
    expect(all.map((a) => a.approval.id)).toContain(approvalId);
  });

  it('approves an edited amount, finishes the run, and refuses a second decision with a clear message', async () => {
    const { runId, approvalId } = await runToGate(client);
    const edited = { orderId: 'ord_1001', amountCents: 9000, currency: 'EUR', reason: 'partial refund' };

    const invalid = await client.call('approvals.decide', {
      approvalId,
      decision: 'approved',
      by: 'alice',
      payload: { ...edited, amountCents: -5 },
    });
    expect(invalid).toMatchObject({
      error: {
        code: 'invalid_params',
        message: expect.stringContaining('$payload.amountCents'),
        problems: [{ path: '$payload.amountCents' }],
      },
    });
    expect((await client.ok('approvals.list', { runId }))[0]?.approval.status).toBe('pending');

    expect(
      await client.ok('approvals.decide', {
        approvalId,
        decision: 'approved',
        by: 'alice',
        comment: 'half now',
        payload: edited,
      }),
    ).toEqual({ ok: true });
    // Answered once recorded: the approval is decided even if the run has not finished yet.
    expect((await client.ok('approvals.list', { runId }))[0]?.approval).toMatchObject({
      status: 'approved',
      decidedBy: 'alice',
      comment: 'half now',
      decidedPayload: edited,
      edited: true,
    });
    expect(await client.finished(runId)).toMatchObject({ status: 'completed', output: { outcome: 'refunded' } });
    expect(client.events(runId).find((e) => e.type === 'approval.resolved')).toMatchObject({
      decision: 'approved',
      by: 'alice',
      edited: true,
      payload: edited,
    });
    const detail = await client.ok('runs.get', { runId });
    expect(detail.steps.find((s) => s.nodeId === 'manager_approval')).toMatchObject({
      status: 'completed',
      port: 'branch:approved',
    });

    const again = await client.call('approvals.decide', { approvalId, decision: 'rejected', by: 'bob' });
    expect(again).toMatchObject({
      error: {
        code: 'conflict',
        message: expect.stringMatching(new RegExp(`^approval ${approvalId} was already approved by alice at \\d{4}-`)),
      },
    });
    expect(await client.call('approvals.decide', { approvalId: 'apr_nope', decision: 'approved', by: 'bob' })).toEqual({
      error: { code: 'not_found', message: 'there is no approval "apr_nope"' },
    });
  });

  it("records the host's OS account beside the typed name; engine names are refused in any spelling", async () => {
    const account = os.userInfo().username;
    expect(await client.ok('approvals.whoami', {})).toEqual({ account });
    const { runId, approvalId } = await runToGate(client);
    for (const by of ['System:timeout', 'system:TIMEOUT', 'sys\u200btem:timeout', 'ＳＹＳＴＥＭ：x', 'ENGINE']) {
      expect(await client.call('approvals.decide', { approvalId, decision: 'approved', by }), by).toMatchObject({
        error: {
          code: 'forbidden',
          message: expect.stringContaining('is reserved for decisions the engine makes itself'),
        },
      });
    }
    // The account is the host's, whatever the caller sends: an `account` param is refused as unknown.
    expect(
      await client.call('approvals.decide', { approvalId, decision: 'approved', by: 'zoe', account: 'cfo' } as never),
    ).toMatchObject({ error: { code: 'invalid_params' } });
    expect(await client.ok('approvals.decide', { approvalId, decision: 'approved', by: 'Zoë' })).toEqual({ ok: true });
    await client.finished(runId);
    const page = await client.ok('runs.events', { runId });
    expect(page.events.find((e) => e.type === 'approval.resolved')).toMatchObject({ by: 'Zoë', account });
    const audit = await client.ok('audit.list', { runId });
    expect(audit.find((e) => e.kind === 'approval.resolved')).toMatchObject({ actor: `Zoë (OS account ${account})` });
  });

  it('rejecting takes the rejected branch', async () => {
    const { runId, approvalId } = await runToGate(client);
    expect(
      await client.ok('approvals.decide', { approvalId, decision: 'rejected', by: 'carol', comment: 'not covered' }),
    ).toEqual({ ok: true });
    expect(await client.finished(runId)).toMatchObject({
      status: 'completed',
      output: { outcome: 'rejected', by: 'carol', comment: 'not covered' },
    });
  });
});

describe('approvals across restarts and processes', () => {
  it('keeps a pending approval through a killed backend; a decision by another runtime on the same db shows in the host', async () => {
    const first = await startTestHost();
    const c1 = await connectClient(first.host);
    const { runId, approvalId } = await runToGate(c1);
    c1.close();
    await first.kill();

    const second = await startTestHost({ dir: first.dir });
    const c2 = await connectClient(second.host);
    try {
      const pending = await c2.ok('approvals.list', { status: 'pending' });
      expect(pending.map((v) => [v.runId, v.approval.id, v.approval.payload])).toEqual([
        [runId, approvalId, expect.objectContaining({ amountCents: 12900 })],
      ]);
      // A waiting run is not interrupted: it is parked, not lost.
      expect((await c2.ok('runs.list', {}))[0]).toMatchObject({ id: runId, status: 'waiting', interrupted: false });

      // The CLI path: its own runtime on the same database file, deciding and driving the run.
      const cli = openRuntime({ dbPath: path.join(second.dataDir, 'waymark.db') });
      try {
        const outcome = await cli.engine.decide({ approvalId, decision: 'approved', by: 'dave' });
        expect(outcome).toMatchObject({ status: 'completed', output: { outcome: 'refunded' } });
      } finally {
        cli.close();
      }

      expect(await c2.ok('approvals.list', { status: 'pending' })).toEqual([]);
      expect((await c2.ok('approvals.list', { runId }))[0]?.approval).toMatchObject({
        status: 'approved',
        decidedBy: 'dave',
      });
      expect((await c2.ok('runs.get', { runId })).run).toMatchObject({ status: 'completed', interrupted: false });
      expect(await c2.call('approvals.decide', { approvalId, decision: 'approved', by: 'erin' })).toMatchObject({
        error: { code: 'conflict', message: expect.stringContaining('already approved by dave') },
      });
    } finally {
      c2.close();
      await second.kill();
      await rm(first.dir, { recursive: true, force: true });
    }
  });
});

describe('approval timeouts', () => {
  it('the host sweeps overdue approvals and continues the run they decided', async () => {
    const swept = await startTestHost({ service: { runs: { sweepIntervalMs: 50 } } });
    const c = await connectClient(swept.host);
    const spec = {
      specVersion: 1,
      id: 'timed',
      name: 'Timed gate',
      nodes: [
        { id: 'start', type: 'start', name: 'Start' },
        {
          id: 'gate',
          type: 'approval',
          name: 'Quick gate',
          config: { message: 'ok?', payload: '{ "x": 1 }', timeoutMs: 200, onTimeout: 'reject' },
        },
        { id: 'yes', type: 'end', name: 'Yes', config: { output: '{ "outcome": "approved" }' } },
        { id: 'no', type: 'end', name: 'No', config: { output: '{ "outcome": "timed out", "by": nodes.gate.by }' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'gate' },
        { id: 'e2', source: 'gate', target: 'yes', kind: 'branch', branch: 'approved' },
        { id: 'e3', source: 'gate', target: 'no', kind: 'branch', branch: 'rejected' },
      ],
    };
    try {
      const { runId } = await c.ok('runs.start', { text: JSON.stringify(spec), input: {} });
      await c.waitFor((p) => 'notice' in p && p.notice.command === 'approval.requested' && p.notice.runId === runId);
      expect(await c.finished(runId, 10_000)).toMatchObject({
        status: 'completed',
        output: { outcome: 'timed out', by: 'system:timeout' },
      });
      expect((await c.ok('approvals.list', { runId }))[0]?.approval).toMatchObject({
        status: 'rejected',
        decidedBy: 'system:timeout',
      });
    } finally {
      c.close();
      await swept.kill();
      await rm(swept.dir, { recursive: true, force: true });
    }
  });
});
