// Approval timeouts: reject, escalate once (then reject), take a branch; for approval nodes
// and for automatic policy gates; applied by whichever process looks after the timer fired.
import { describe, expect, it } from 'vitest';
import { TIMEOUT_ACTOR } from '../../../shared/policy';
import { ApprovalConflictError } from '../errors';
import { json, ScriptedHttp } from '../testing/fakes';
import { edges, harness, spec } from '../testing/harness';
import { eventsOf, toolFlow } from '../testing/policy-specs';

const gateFlow = (rule: Record<string, unknown>) =>
  spec({
    nodes: [
      { id: 's', type: 'start', name: 'S' },
      {
        id: 'ask',
        type: 'approval',
        name: 'Ask',
        config: { message: 'Ship it?', approvers: ['alice'], timeoutMs: 1000, ...rule },
      },
      { id: 'yes', type: 'end', name: 'Yes', config: { output: '{ "shipped": true }' } },
      {
        id: 'no',
        type: 'end',
        name: 'No',
        config: { output: '{ "shipped": false, "by": nodes.ask.by, "decision": nodes.ask.decision }' },
      },
      ...(rule.onTimeout === 'branch'
        ? [
            {
              id: 'late',
              type: 'end',
              name: 'Late',
              config: { output: '{ "late": true, "decision": nodes.ask.decision }' },
            },
          ]
        : []),
    ],
    edges: edges(
      `s>ask, ask-branch:approved>yes, ask-branch:rejected>no${rule.onTimeout === 'branch' ? ', ask-branch:expired>late' : ''}`,
    ),
  });

const later = (ms: number) => Date.now() + ms;

describe('approval timeouts', () => {
  it('does nothing before the timer fires; then rejects as system:timeout and continues the run', async () => {
    const h = harness();
    const out = await h.engine.start(gateFlow({ onTimeout: 'reject' }), {}, { runId: 'r1' });
    expect(h.store.getApproval('apr_r1_1')?.timeoutAt).toBeGreaterThan(Date.now());
    expect(await h.engine.processTimeouts({ continueRuns: true })).toEqual([]);
    const [r] = await h.restart().processTimeouts({ now: later(2000), continueRuns: true });
    expect(r).toMatchObject({
      approvalId: 'apr_r1_1',
      action: 'rejected',
      outcome: { status: 'completed', output: { shipped: false, by: TIMEOUT_ACTOR, decision: 'rejected' } },
    });
    expect(h.store.getApproval('apr_r1_1')).toMatchObject({
      status: 'rejected',
      decidedBy: TIMEOUT_ACTOR,
      comment: 'no decision within 1 s: rejected',
    });
    await expect(
      h.engine.decide({ approvalId: out.approvalId as string, decision: 'approved', by: 'alice' }),
    ).rejects.toThrow(ApprovalConflictError);
    expect(await h.engine.processTimeouts({ now: later(9000) })).toEqual([]);
  });

  it('escalates once to escalateTo with the timer restarted, then rejects', async () => {
    const h = harness();
    await h.engine.start(gateFlow({ onTimeout: 'escalate', escalateTo: ['carol'] }), {}, { runId: 'r1' });
    const now = later(2000);
    const [r] = await h.engine.processTimeouts({ now, continueRuns: true });
    expect(r).toMatchObject({ action: 'escalated', escalationId: 'apr_r1_1_esc', to: ['carol'] });
    expect(r?.outcome).toBeUndefined();
    expect(h.store.getApproval('apr_r1_1')).toMatchObject({ status: 'escalated', decidedBy: TIMEOUT_ACTOR });
    expect(h.store.getApproval('apr_r1_1_esc')).toMatchObject({
      status: 'pending',
      approvers: ['carol'],
      requestedAt: now,
      timeoutAt: now + 1000,
    });
    expect(eventsOf(h.store, 'r1', 'approval.escalated')).toMatchObject([
      { approvalId: 'apr_r1_1', escalationId: 'apr_r1_1_esc', from: ['alice'], to: ['carol'] },
    ]);
    expect(h.store.getRun('r1')?.status).toBe('waiting');
    await expect(h.engine.decide({ approvalId: 'apr_r1_1', decision: 'approved', by: 'alice' })).rejects.toThrow(
      /already escalated by system:timeout/,
    );
    await expect(h.engine.decide({ approvalId: 'apr_r1_1_esc', decision: 'approved', by: 'alice' })).rejects.toThrow(
      /"alice" may not decide/,
    );
    const [second] = await h.restart().processTimeouts({ now: now + 1000, continueRuns: true });
    expect(second).toMatchObject({
      approvalId: 'apr_r1_1_esc',
      action: 'rejected',
      outcome: { status: 'completed', output: { shipped: false } },
    });
  });

  it('an escalated approval can be decided by the new assignee', async () => {
    const h = harness();
    await h.engine.start(gateFlow({ onTimeout: 'escalate', escalateTo: ['carol'] }), {}, { runId: 'r1' });
    await h.engine.processTimeouts({ now: later(2000) });
    const done = await h.restart().decide({ approvalId: 'apr_r1_1_esc', decision: 'approved', by: 'carol' });
    expect(done).toMatchObject({ status: 'completed', output: { shipped: true } });
  });

  it('takes the timeout branch', async () => {
    const h = harness();
    await h.engine.start(gateFlow({ onTimeout: 'branch', timeoutBranch: 'expired' }), {}, { runId: 'r1' });
    const [r] = await h.engine.processTimeouts({ now: later(2000), continueRuns: true });
    expect(r).toMatchObject({
      action: 'branched',
      branch: 'expired',
      outcome: { status: 'completed', output: { late: true, decision: 'timeout' } },
    });
    expect(h.store.getSteps('r1').find((s) => s.nodeId === 'ask')?.port).toBe('branch:expired');
  });

  it('records the decision without continuing the run unless asked; resume continues it', async () => {
    const h = harness();
    await h.engine.start(gateFlow({ onTimeout: 'reject' }), {}, { runId: 'r1' });
    expect(h.engine.applyTimeouts(later(2000))).toMatchObject([{ action: 'rejected' }]);
    expect(h.store.getRun('r1')?.status).toBe('waiting');
    expect(await h.restart().resume('r1')).toMatchObject({ status: 'completed', output: { shipped: false } });
  });

  it('times out an automatic policy gate by its zone rule: the call is never made', async () => {
    const http = new ScriptedHttp(() => json(200, { ok: true }));
    const h = harness({ http });
    const zone = {
      id: 'ops',
      name: 'Ops',
      policy: {
        unattended: ['read' as const],
        approval: ['write' as const],
        approvals: { approvers: ['ann'], timeoutMs: 60_000, onTimeout: 'escalate' as const, escalateTo: ['lead'] },
      },
    };
    const out = await h.engine.start(toolFlow({ risk: 'write', zone }), { amount: 1 }, { runId: 'r1' });
    expect(h.store.getApproval(out.approvalId as string)).toMatchObject({
      approvers: ['ann'],
      timeoutAt: expect.any(Number),
    });
    const [esc] = await h.engine.processTimeouts({ now: later(61_000), continueRuns: true });
    expect(esc).toMatchObject({ action: 'escalated', to: ['lead'] });
    const [rej] = await h.engine.processTimeouts({ now: later(200_000), continueRuns: true });
    expect(rej).toMatchObject({
      action: 'rejected',
      outcome: {
        status: 'completed',
        output: { fallback: true, code: 'policy.rejected', message: expect.stringContaining(TIMEOUT_ACTOR) },
      },
    });
    expect(http.requests).toHaveLength(0);
  });
});
