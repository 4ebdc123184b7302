/**
 * Conformance: approval escalation (an approval timed out and is replaced by a new one for
 * other assignees). Same compare-and-set rules as a decision, one transaction.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { ApprovalConflictError, RunStateError } from '../../src-main/engine/errors';
import type { CheckpointStore, Transition } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { at } from './context';
import { T0, makeApproval } from './fixtures';
import type { EventClock } from './fixtures';

const escalate = (over: Partial<Extract<Transition, { kind: 'approval.escalate' }>> = {}): Transition => ({
  kind: 'approval.escalate',
  approvalId: 'apr_1',
  stepIdx: 0,
  by: 'system:timeout',
  at: T0 + 60,
  escalation: makeApproval('r1', 0, 'apr_1_esc', {
    approvers: ['carol'],
    requestedAt: T0 + 60,
    timeoutAt: T0 + 120,
    reason: 'escalated',
  }),
  ...over,
});

/** An `approval.escalated` event with the clock's next seq (the fixture clock has no builder for it). */
function escalatedEvent(clock: EventClock): EngineEvent {
  const { runId, seq, at: time } = clock.runWaiting('apr_1_esc', 0);
  return {
    runId,
    seq,
    at: time,
    type: 'approval.escalated',
    stepIdx: 0,
    nodeId: 'n0',
    approvalId: 'apr_1',
    escalationId: 'apr_1_esc',
    from: ['alice', 'bob'],
    to: ['carol'],
  };
}

/** Escalating approvals. */
export function describeEscalation(ctx: SuiteContext): void {
  const { waiting } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('approval escalation', () => {
    it('marks the approval escalated and adds the escalation, with its events, in one commit', () => {
      const clock = waiting('r1', 'apr_1');
      store.commit('r1', escalate(), [escalatedEvent(clock)], { durable: true, now: T0 + 60 });
      expect(store.getApproval('apr_1')).toEqual({
        ...makeApproval('r1', 0, 'apr_1'),
        status: 'escalated',
        decidedBy: 'system:timeout',
        decidedAt: T0 + 60,
      });
      expect(store.getApproval('apr_1_esc')).toEqual(
        makeApproval('r1', 0, 'apr_1_esc', {
          approvers: ['carol'],
          requestedAt: T0 + 60,
          timeoutAt: T0 + 120,
          reason: 'escalated',
        }),
      );
      expect(store.listApprovals({ status: 'pending' }).map((a) => a.id)).toEqual(['apr_1_esc']);
      expect(store.listApprovals({ status: 'escalated' }).map((a) => a.id)).toEqual(['apr_1']);
      expect(store.getEvents('r1').map((e) => e.type)).toEqual([
        'run.started',
        'approval.requested',
        'run.waiting',
        'approval.escalated',
      ]);
      expect(store.getRun('r1')).toMatchObject({ nextSeq: 4, updatedAt: T0 + 60 });
    });

    it('refuses to decide or escalate an escalated approval, naming who escalated it', () => {
      waiting('r1', 'apr_1');
      store.commit('r1', escalate(), [], at(60));
      const decide = () =>
        store.commit(
          'r1',
          {
            kind: 'approval.resolve',
            stepIdx: 0,
            decision: { approvalId: 'apr_1', decision: 'approved', by: 'alice', at: T0 + 61 },
          },
          [],
          at(61),
        );
      expect(decide).toThrow(ApprovalConflictError);
      expect(decide).toThrow(/approval apr_1 was already escalated by system:timeout/);
      const again = escalate({ escalation: makeApproval('r1', 0, 'apr_1_esc2') });
      expect(() => store.commit('r1', again, [], at(62))).toThrow(ApprovalConflictError);
      expect(store.getApproval('apr_1_esc2')).toBeUndefined();
    });

    it('changes nothing when the escalation is invalid: not pending, another step, an existing id, an unknown approval', () => {
      const clock = waiting('r1', 'apr_1');
      const bad = [
        escalate({ escalation: makeApproval('r1', 0, 'apr_1_esc', { status: 'approved' }) }),
        escalate({ escalation: makeApproval('r1', 1, 'apr_1_esc') }),
        escalate({ escalation: makeApproval('r1', 0, 'apr_1') }),
        escalate({ approvalId: 'apr_nope' }),
        escalate({ stepIdx: 3 }),
      ];
      for (const t of bad) expect(() => store.commit('r1', t, [escalatedEvent(clock)], at(60))).toThrow(RunStateError);
      expect(store.getApproval('apr_1')?.status).toBe('pending');
      expect(store.getApproval('apr_1_esc')).toBeUndefined();
      expect(store.getEvents('r1')).toHaveLength(3);
    });

    it('survives reopening (durable stores)', () => {
      if (!ctx.reopen) return;
      waiting('r1', 'apr_1');
      store.commit('r1', escalate(), [], { durable: true, now: T0 + 60 });
      store.close();
      const again = ctx.track(ctx.reopen());
      expect(again.getApproval('apr_1')?.status).toBe('escalated');
      expect(again.getApproval('apr_1_esc')).toMatchObject({
        status: 'pending',
        approvers: ['carol'],
        timeoutAt: T0 + 120,
      });
    });
  });
}
