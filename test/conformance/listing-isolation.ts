/**
 * Conformance: listing runs, copy isolation, and the store lifecycle (close, reopen).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ApprovalConflictError } from '../../src-main/engine/errors';
import type { CheckpointStore } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { at } from './context';
import { EventClock, T0, makeApproval, makeRun, makeStep, usage } from './fixtures';

/** listRuns ordering, filters and paging. */
export function describeListRuns(ctx: SuiteContext): void {
  const { started } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('listRuns', () => {
    beforeEach(() => {
      started('old', { createdAt: T0 + 1 });
      started('mid-a', { createdAt: T0 + 2, specId: 'other' });
      started('mid-b', { createdAt: T0 + 2 });
      started('new', { createdAt: T0 + 3, specId: 'other' });
      store.commit('mid-b', { kind: 'run.status', status: 'completed', usage: usage(0), endedAt: T0 + 9 }, [], at(9));
      store.commit('new', { kind: 'run.status', status: 'completed', usage: usage(0), endedAt: T0 + 9 }, [], at(9));
    });

    it('lists newest first, creation ties newest-inserted first, with full records', () => {
      const runs = store.listRuns();
      expect(runs.map((r) => r.id)).toEqual(['new', 'mid-b', 'mid-a', 'old']);
      expect(runs[0]).toEqual(store.getRun('new'));
      expect(runs[3]?.spec).toEqual(makeRun('old').spec);
    });

    it('filters by status and spec id, alone and together', () => {
      expect(store.listRuns({ status: 'completed' }).map((r) => r.id)).toEqual(['new', 'mid-b']);
      expect(store.listRuns({ specId: 'other' }).map((r) => r.id)).toEqual(['new', 'mid-a']);
      expect(store.listRuns({ specId: 'other', status: 'running' }).map((r) => r.id)).toEqual(['mid-a']);
      expect(store.listRuns({ status: 'cancelled' })).toEqual([]);
    });

    it('pages with limit and offset', () => {
      expect(store.listRuns({ limit: 2 }).map((r) => r.id)).toEqual(['new', 'mid-b']);
      expect(store.listRuns({ limit: 2, offset: 2 }).map((r) => r.id)).toEqual(['mid-a', 'old']);
      expect(store.listRuns({ offset: 3 }).map((r) => r.id)).toEqual(['old']);
      expect(store.listRuns({ limit: 0 })).toEqual([]);
      expect(store.listRuns({ offset: 10 })).toEqual([]);
      expect(() => store.listRuns({ limit: -1 })).toThrow(RangeError);
    });
  });
}

/** Reads and writes copy: callers never alias stored state. */
export function describeIsolation(ctx: SuiteContext): void {
  const { completeStep, waiting } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('isolation', () => {
    it('returns copies: mutating what a read returned does not change the store', () => {
      const clock = waiting('r1', 'apr_1');
      completeStep(clock, 1);
      const run = store.getRun('r1')!;
      run.status = 'failed';
      run.spec.nodes.length = 0;
      run.usage.llmCalls = 99;
      (run.input as { orderId: string }).orderId = 'hacked';
      const listed = store.listRuns()[0]!;
      listed.spec.name = 'hacked';
      listed.usage.costUsd = 99;
      const steps = store.getSteps('r1');
      steps[1]!.status = 'failed';
      (steps[1]!.output as { ok: number }).ok = -1;
      steps.pop();
      const events = store.getEvents('r1');
      events[0]!.seq = 99;
      const approval = store.getApproval('apr_1')!;
      approval.status = 'approved';
      approval.approvers.push('mallory');
      store.listApprovals()[0]!.approvers.length = 0;

      const fresh = store.getRun('r1')!;
      expect(fresh).toMatchObject({ status: 'running', usage: usage(0), input: { orderId: 'o-1' } });
      expect(fresh.spec).toEqual(makeRun('r1').spec);
      expect(store.listRuns()[0]?.spec.name).toBe('Spec refund-flow');
      expect(store.getSteps('r1').map((s) => s.status)).toEqual(['waiting', 'completed']);
      expect(store.getSteps('r1')[1]?.output).toEqual({ ok: 1 });
      expect(store.getEvents('r1')[0]?.seq).toBe(0);
      expect(store.getApproval('apr_1')).toEqual(makeApproval('r1', 0, 'apr_1'));
    });

    it('copies on write: mutating what was passed in does not change the store', () => {
      const run = makeRun('r1');
      const clock = new EventClock('r1');
      const events = [clock.runStarted()];
      store.createRun(run, events);
      run.spec.name = 'changed';
      (run.input as { orderId: string }).orderId = 'changed';
      events[0]!.at = 'changed';
      const step = makeStep('r1', 0, { output: { v: 1 } });
      store.commit('r1', { kind: 'step.begin', step }, [], at(1));
      (step.output as { v: number }).v = 2;
      const approval = makeApproval('r1', 1, 'apr_1');
      store.commit('r1', { kind: 'step.wait', step: makeStep('r1', 1, { status: 'waiting' }), approval }, [], at(2));
      approval.approvers.push('mallory');

      expect(store.getRun('r1')?.spec.name).toBe('Spec refund-flow');
      expect(store.getRun('r1')?.input).toMatchObject({ orderId: 'o-1' });
      expect(store.getEvents('r1')[0]?.at).toBe(new Date(T0).toISOString());
      expect(store.getSteps('r1')[0]?.output).toEqual({ v: 1 });
      expect(store.getApproval('apr_1')?.approvers).toEqual(['alice', 'bob']);
    });
  });
}

/** Close and, for durable stores, reopen. */
export function describeLifecycle(ctx: SuiteContext): void {
  const { started, completeStep, waiting } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('lifecycle', () => {
    it('refuses to work after close', () => {
      started('r1');
      store.close();
      expect(() => store.getRun('r1')).toThrow();
      expect(() =>
        store.commit('r1', { kind: 'run.status', status: 'cancelled', usage: usage(0) }, [], at(1)),
      ).toThrow();
    });

    it('keeps everything across close and reopen (durable stores)', (test) => {
      const reopen = ctx.reopen;
      if (!reopen) {
        test.skip();
        return;
      }
      const clock = waiting('r1', 'apr_1');
      completeStep(clock, 1);
      store.commit(
        'r1',
        { kind: 'run.status', status: 'completed', usage: usage(2), output: { done: true }, endedAt: T0 + 99 },
        [clock.runFinished('completed')],
        { durable: true, now: T0 + 99 },
      );
      const snapshot = {
        run: store.getRun('r1'),
        steps: store.getSteps('r1'),
        events: store.getEvents('r1'),
        approval: store.getApproval('apr_1'),
      };
      store.close();

      const again = ctx.track(reopen());
      expect({
        run: again.getRun('r1'),
        steps: again.getSteps('r1'),
        events: again.getEvents('r1'),
        approval: again.getApproval('apr_1'),
      }).toEqual(snapshot);
      expect(again.listRuns().map((r) => r.id)).toEqual(['r1']);
      const decision = { approvalId: 'apr_1', decision: 'approved', by: 'alice', at: T0 + 100 } as const;
      again.commit('r1', { kind: 'approval.resolve', decision, stepIdx: 0 }, [], at(100));
      again.close();

      const third = ctx.track(reopen());
      expect(() =>
        third.commit('r1', { kind: 'approval.resolve', decision: { ...decision, by: 'bob' }, stepIdx: 0 }, [], at(101)),
      ).toThrow(ApprovalConflictError);
    });
  });
}
