/**
 * Conformance: event sequencing and paging; the approval lifecycle and its compare-and-set.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ApprovalConflictError, RunStateError } from '../../src-main/engine/errors';
import type { CheckpointStore } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { at } from './context';
import { EventClock, T0, makeApproval, makeStep } from './fixtures';

/** Event append order, paging and sequence checks. */
export function describeEvents(ctx: SuiteContext): void {
  const { started, completeStep } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('events', () => {
    it('appends in seq order and pages by afterSeq (exclusive) and limit', () => {
      const clock = started('r1');
      for (let i = 0; i < 5; i++) completeStep(clock, i);
      const all = store.getEvents('r1');
      expect(all.map((e) => e.seq)).toEqual([...Array(11).keys()]);
      expect(store.getEvents('r1', 3).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      expect(store.getEvents('r1', 3, 2).map((e) => e.seq)).toEqual([4, 5]);
      expect(store.getEvents('r1', undefined, 3).map((e) => e.seq)).toEqual([0, 1, 2]);
      expect(store.getEvents('r1', 10)).toEqual([]);
      expect(store.getEvents('r1', -1, 0)).toEqual([]);
      expect(store.getEvents('ghost')).toEqual([]);
      expect(store.getRun('r1')?.nextSeq).toBe(11);
      expect(all[2]).toEqual({
        runId: 'r1',
        seq: 2,
        at: new Date(T0 + 2).toISOString(),
        type: 'step.completed',
        stepIdx: 0,
        nodeId: 'n0',
        port: 'next',
        output: { ok: 0 },
        latencyMs: 12,
        attempts: 1,
      });
    });

    it('accepts a commit without events and leaves nextSeq alone', () => {
      started('r1');
      store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [], at(1));
      expect(store.getRun('r1')?.nextSeq).toBe(1);
    });

    it('rejects events out of sequence or of another run, atomically with the transition', () => {
      started('r1');
      const step = { kind: 'step.begin', step: makeStep('r1', 0) } as const;
      const stale = new EventClock('r1', 0).stepStarted(0);
      expect(() => store.commit('r1', step, [stale], at(1))).toThrow(RunStateError);
      const c = new EventClock('r1', 1);
      const [e1, e2] = [c.stepStarted(0), c.stepStarted(0)];
      expect(() => store.commit('r1', step, [e2, e1], at(1))).toThrow(RunStateError);
      expect(() => store.commit('r1', step, [new EventClock('r2', 1).stepStarted(0)], at(1))).toThrow(RunStateError);
      expect(store.getSteps('r1')).toEqual([]);
      expect(store.getEvents('r1')).toHaveLength(1);
      expect(store.getRun('r1')).toMatchObject({ nextSeq: 1, updatedAt: T0 });
    });
  });
}

/** Approval creation, resolution, conflicts and listing. */
export function describeApprovals(ctx: SuiteContext): void {
  const { started, waiting } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('approvals', () => {
    it('parks a step in a timed wait without an approval, keeping its wait', () => {
      started('r1');
      const wait = { state: 'timer', until: T0 + 5000, detail: { why: 'cooling off' } };
      const step = makeStep('r1', 0, { status: 'waiting', nodeType: 'hold', wait });
      store.commit('r1', { kind: 'step.wait', step }, [], at(1));
      expect(store.getSteps('r1')).toEqual([step]);
      expect(store.listApprovals({ runId: 'r1' })).toEqual([]);
      expect(store.getRun('r1')?.stepCount).toBe(1);
    });

    it('creates a pending approval with the waiting step', () => {
      waiting('r1', 'apr_1');
      expect(store.getApproval('apr_1')).toEqual(makeApproval('r1', 0, 'apr_1'));
      expect(store.getSteps('r1')[0]?.status).toBe('waiting');
      expect(store.getEvents('r1').map((e) => e.type)).toEqual(['run.started', 'approval.requested', 'run.waiting']);
      expect(store.getRun('r1')).toMatchObject({ nextSeq: 3, updatedAt: T0 + 5 });
      expect(store.getApproval('nope')).toBeUndefined();
    });

    it('resolves once, then raises ApprovalConflictError naming the approval, status, approver and time', () => {
      const clock = waiting('r1', 'apr_1');
      const decidedAt = Date.parse('2026-01-15T11:30:00.000Z');
      const decision = {
        approvalId: 'apr_1',
        decision: 'approved',
        by: 'alice',
        comment: 'fine',
        at: decidedAt,
      } as const;
      store.commit(
        'r1',
        { kind: 'approval.resolve', decision, stepIdx: 0 },
        [clock.approvalResolved(0, 'apr_1', 'approved', 'alice')],
        { durable: true, now: decidedAt },
      );
      expect(store.getApproval('apr_1')).toEqual({
        ...makeApproval('r1', 0, 'apr_1'),
        status: 'approved',
        decidedBy: 'alice',
        decidedAt,
        comment: 'fine',
        decidedPayload: { amount: 42.5, currency: 'EUR' },
        edited: false,
      });

      const late = { approvalId: 'apr_1', decision: 'rejected', by: 'bob', at: decidedAt + 1 } as const;
      const attempt = () =>
        store.commit(
          'r1',
          { kind: 'approval.resolve', decision: late, stepIdx: 0 },
          [clock.approvalResolved(0, 'apr_1', 'rejected', 'bob')],
          { durable: true, now: decidedAt + 1 },
        );
      expect(attempt).toThrow(ApprovalConflictError);
      expect(attempt).toThrow('approval apr_1 was already approved by alice at 2026-01-15T11:30:00.000Z');
      expect(store.getApproval('apr_1')).toMatchObject({ status: 'approved', decidedBy: 'alice' });
      expect(store.getEvents('r1').map((e) => e.type)).toEqual([
        'run.started',
        'approval.requested',
        'run.waiting',
        'approval.resolved',
      ]);
      expect(store.getRun('r1')).toMatchObject({ nextSeq: 4, updatedAt: decidedAt });
    });

    it('records a rejection and an edited payload', () => {
      const clock = waiting('r1', 'apr_1');
      const decision = {
        approvalId: 'apr_1',
        decision: 'rejected',
        by: 'bob',
        payload: { amount: 10 },
        at: T0 + 50,
      } as const;
      store.commit(
        'r1',
        { kind: 'approval.resolve', decision, stepIdx: 0 },
        [clock.approvalResolved(0, 'apr_1', 'rejected', 'bob')],
        at(50),
      );
      const got = store.getApproval('apr_1');
      expect(got).toMatchObject({
        status: 'rejected',
        decidedBy: 'bob',
        decidedAt: T0 + 50,
        decidedPayload: { amount: 10 },
        edited: true,
      });
      expect(got).not.toHaveProperty('comment');
      expect(() =>
        store.commit(
          'r1',
          { kind: 'approval.resolve', decision: { ...decision, by: 'carol' }, stepIdx: 0 },
          [],
          at(51),
        ),
      ).toThrow(/approval apr_1 was already rejected by bob at 2026-01-15T10:00:00\.050Z/);
    });

    it('rejects resolving an unknown approval, or one of another run or step', () => {
      waiting('r1', 'apr_1');
      started('r2');
      const decision = (approvalId: string) => ({ approvalId, decision: 'approved' as const, by: 'alice', at: T0 + 9 });
      expect(() =>
        store.commit('r1', { kind: 'approval.resolve', decision: decision('apr_x'), stepIdx: 0 }, [], at(9)),
      ).toThrow(RunStateError);
      expect(() =>
        store.commit('r2', { kind: 'approval.resolve', decision: decision('apr_1'), stepIdx: 0 }, [], at(9)),
      ).toThrow(RunStateError);
      expect(() =>
        store.commit('r1', { kind: 'approval.resolve', decision: decision('apr_1'), stepIdx: 1 }, [], at(9)),
      ).toThrow(RunStateError);
      expect(store.getApproval('apr_1')?.status).toBe('pending');
    });

    it('rejects a second approval with an existing id', () => {
      waiting('r1', 'apr_1');
      const clock = started('r2');
      const step = makeStep('r2', 0, { status: 'waiting' });
      expect(() =>
        store.commit(
          'r2',
          { kind: 'step.wait', step, approval: makeApproval('r2', 0, 'apr_1') },
          [clock.approvalRequested(0, 'apr_1')],
          at(1),
        ),
      ).toThrow(RunStateError);
      expect(store.getApproval('apr_1')?.runId).toBe('r1');
      expect(store.getSteps('r2')).toEqual([]);
    });

    it('lists approvals by status and run, oldest request first', () => {
      waiting('r1', 'apr_b');
      const clock = waiting('r2', 'apr_a');
      waiting('r3', 'apr_c');
      store.commit(
        'r2',
        {
          kind: 'approval.resolve',
          decision: { approvalId: 'apr_a', decision: 'approved', by: 'alice', at: T0 + 7 },
          stepIdx: 0,
        },
        [clock.approvalResolved(0, 'apr_a', 'approved', 'alice')],
        at(7),
      );
      expect(store.listApprovals().map((a) => a.id)).toEqual(['apr_a', 'apr_b', 'apr_c']);
      expect(store.listApprovals({ status: 'pending' }).map((a) => a.id)).toEqual(['apr_b', 'apr_c']);
      expect(store.listApprovals({ status: 'approved' }).map((a) => a.id)).toEqual(['apr_a']);
      expect(store.listApprovals({ runId: 'r3' }).map((a) => a.id)).toEqual(['apr_c']);
      expect(store.listApprovals({ runId: 'r2', status: 'pending' })).toEqual([]);
      expect(store.listApprovals({ status: 'rejected' })).toEqual([]);
    });
  });
}
