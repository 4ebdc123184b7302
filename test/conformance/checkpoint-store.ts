/**
 * The checkpoint-store conformance suite (LangGraph's checkpoint-validation idea): every
 * `CheckpointStore` implementation runs this one suite, so the engine can rely on the
 * contract rather than on whichever store it was tested against.
 *
 * Usage: `describeCheckpointStore('sqlite', () => ({ store, reopen, cleanup }))`. The
 * factory is called once per test; `reopen` (durable stores only) must return a new store
 * over the same data after the first one was closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalConflictError, RunStateError } from '../../src-main/engine/errors';
import type { CheckpointStore, RunRecord } from '../../src-main/engine/store';
import { EventClock, T0, makeApproval, makeRun, makeStep, usage } from './fixtures';

/** What a conformance factory returns. */
export interface StoreHarness {
  store: CheckpointStore;
  /** Opens a new store over the same data (call only after closing `store`). */
  reopen?: () => CheckpointStore;
  /** Removes whatever the store left behind (temp files); stores are closed first. */
  cleanup?: () => void;
}

const at = (n: number) => ({ durable: false, now: T0 + n });

/** Registers the shared suite for one `CheckpointStore` implementation. */
export function describeCheckpointStore(name: string, factory: () => StoreHarness): void {
  describe(`CheckpointStore conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: CheckpointStore;
    const opened: CheckpointStore[] = [];

    beforeEach(() => {
      h = factory();
      store = h.store;
      opened.push(store);
    });

    afterEach(() => {
      for (const s of opened.splice(0)) {
        try {
          s.close();
        } catch {
          // already closed by the test
        }
      }
      h.cleanup?.();
    });

    /** Creates run `id` with its run.started event; returns the event clock for more. */
    function started(id: string, over: Partial<RunRecord> = {}): EventClock {
      const clock = new EventClock(id);
      store.createRun(makeRun(id, over), [clock.runStarted()]);
      return clock;
    }

    /** Runs step `idx` of run `id` through begin and complete. */
    function completeStep(clock: EventClock, idx: number): void {
      const id = clock.runId;
      store.commit(id, { kind: 'step.begin', step: makeStep(id, idx) }, [clock.stepStarted(idx)], at(idx * 10));
      const done = makeStep(id, idx, { status: 'completed', endedAt: T0 + idx * 1000 + 12, latencyMs: 12, port: 'next', output: { ok: idx }, nextNodeId: `n${idx + 1}` });
      store.commit(id, { kind: 'step.complete', step: done }, [clock.stepCompleted(idx)], at(idx * 10 + 1));
    }

    /** Brings run `id` to a pending approval `apr` at step 0. */
    function waiting(id: string, apr: string): EventClock {
      const clock = started(id);
      const step = makeStep(id, 0, { status: 'waiting', nodeType: 'approval' });
      store.commit(id, { kind: 'step.wait', step, approval: makeApproval(id, 0, apr) }, [clock.approvalRequested(0, apr), clock.runWaiting(apr, 0)], {
        durable: true,
        now: T0 + 5,
      });
      return clock;
    }

    describe('runs', () => {
      it('round-trips a run: spec snapshot, input, usage, and optional fields stay absent', () => {
        const run = makeRun('r1', { usage: usage(2) });
        const clock = new EventClock('r1');
        store.createRun(run, [clock.runStarted()]);
        const got = store.getRun('r1');
        expect(got).toEqual({ ...run, nextSeq: 1 });
        expect(got?.spec).toEqual(run.spec);
        for (const k of ['endedAt', 'output', 'error', 'parentRunId', 'forkedFromStep'] as const) expect(got).not.toHaveProperty(k);
        expect(store.getRun('nope')).toBeUndefined();
      });

      it('round-trips the optional run fields, including a null input', () => {
        const run = makeRun('child', { parentRunId: 'parent', forkedFromStep: 3, simulate: true, trigger: 'fork', input: null });
        store.createRun(run, []);
        expect(store.getRun('child')).toEqual(run);
        expect(store.getRun('child')?.input).toBeNull();
      });

      it('rejects a duplicate run id and leaves the first run untouched', () => {
        started('r1');
        const again = new EventClock('r1', 0);
        expect(() => store.createRun(makeRun('r1', { specName: 'other' }), [again.runStarted()])).toThrow(RunStateError);
        expect(store.getRun('r1')?.specName).toBe('Spec refund-flow');
        expect(store.getEvents('r1')).toHaveLength(1);
      });

      it('stores the first events and sets nextSeq past them', () => {
        const clock = new EventClock('r1');
        const events = [clock.runStarted(), clock.stepStarted(0)];
        store.createRun(makeRun('r1'), events);
        expect(store.getEvents('r1')).toEqual(events);
        expect(store.getRun('r1')?.nextSeq).toBe(2);
      });

      it('moves through status transitions with output, error and endedAt', () => {
        started('r1');
        store.commit('r1', { kind: 'run.status', status: 'waiting', usage: usage(1) }, [], at(1));
        expect(store.getRun('r1')).toMatchObject({ status: 'waiting', usage: usage(1), updatedAt: T0 + 1 });
        store.commit('r1', { kind: 'run.status', status: 'running', usage: usage(1) }, [], at(2));
        const clock = new EventClock('r1', 1);
        store.commit('r1', { kind: 'run.status', status: 'completed', usage: usage(3), output: { refunded: true }, endedAt: T0 + 9 }, [clock.runFinished('completed')], {
          durable: true,
          now: T0 + 9,
        });
        const done = store.getRun('r1');
        expect(done).toMatchObject({ status: 'completed', usage: usage(3), output: { refunded: true }, endedAt: T0 + 9, updatedAt: T0 + 9, nextSeq: 2 });
        expect(done).not.toHaveProperty('error');

        started('r2');
        const error = { code: 'budget', message: 'cost budget exceeded', retryable: false, detail: { limit: 1 } };
        store.commit('r2', { kind: 'run.status', status: 'failed', usage: usage(1), error, endedAt: T0 + 4 }, [], at(4));
        const failed = store.getRun('r2');
        expect(failed).toMatchObject({ status: 'failed', error, endedAt: T0 + 4 });
        expect(failed).not.toHaveProperty('output');
      });

      it('keeps a null output, and clears output/error/endedAt the next status omits', () => {
        started('r1');
        store.commit('r1', { kind: 'run.status', status: 'completed', usage: usage(0), output: null, endedAt: T0 + 3 }, [], at(3));
        expect(store.getRun('r1')).toHaveProperty('output', null);
        store.commit('r1', { kind: 'run.status', status: 'running', usage: usage(0) }, [], at(4));
        const resumed = store.getRun('r1');
        for (const k of ['output', 'error', 'endedAt'] as const) expect(resumed).not.toHaveProperty(k);
      });

      it('rejects commits to an unknown run', () => {
        expect(() => store.commit('ghost', { kind: 'run.status', status: 'cancelled', usage: usage(0) }, [], at(1))).toThrow(RunStateError);
      });
    });

    describe('steps', () => {
      it('upserts a step through begin, attempt and complete', () => {
        const clock = started('r1');
        store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], { durable: true, now: T0 + 1 });
        expect(store.getSteps('r1')).toEqual([makeStep('r1', 0)]);
        expect(store.getRun('r1')).toMatchObject({ stepCount: 1, nextSeq: 2, updatedAt: T0 + 1 });

        store.commit('r1', { kind: 'step.attempt', stepIdx: 0, attempts: 2 }, [clock.stepRetried(0, 2), clock.stepStarted(0, 2)], at(2));
        expect(store.getSteps('r1')).toEqual([makeStep('r1', 0, { attempts: 2 })]);

        const done = makeStep('r1', 0, { status: 'completed', attempts: 2, endedAt: T0 + 3, latencyMs: 40, port: 'next', output: { id: 7 }, usage: usage(1), nextNodeId: 'n1', simulated: false });
        store.commit('r1', { kind: 'step.complete', step: done }, [clock.stepCompleted(0)], at(3));
        expect(store.getSteps('r1')).toEqual([done]);
        expect(store.getRun('r1')).toMatchObject({ stepCount: 1, nextSeq: 5, updatedAt: T0 + 3 });
        expect(store.getEvents('r1').map((e) => e.type)).toEqual(['run.started', 'step.started', 'step.retried', 'step.started', 'step.completed']);
      });

      it('records a failed step with its error, and leaves optional step fields absent', () => {
        const clock = started('r1');
        store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], at(1));
        const begun = store.getSteps('r1')[0];
        for (const k of ['endedAt', 'latencyMs', 'port', 'output', 'error', 'nextNodeId', 'simulated'] as const) expect(begun).not.toHaveProperty(k);
        const error = { code: 'http.status', message: 'HTTP 500', retryable: true, status: 500, detail: { body: 'oops' } };
        const failed = makeStep('r1', 0, { status: 'failed', attempts: 3, endedAt: T0 + 9, latencyMs: 900, error, port: 'error', nextNodeId: 'fallback' });
        store.commit('r1', { kind: 'step.fail', step: failed }, [clock.stepFailed(0)], at(9));
        expect(store.getSteps('r1')).toEqual([failed]);
      });

      it('returns steps in index order and counts them, whatever the commit order', () => {
        const clock = started('r1');
        for (const idx of [2, 0, 1]) store.commit('r1', { kind: 'step.begin', step: makeStep('r1', idx) }, [clock.stepStarted(idx)], at(idx));
        store.commit('r1', { kind: 'step.complete', step: makeStep('r1', 1, { status: 'completed', output: null }) }, [clock.stepCompleted(1, null)], at(5));
        const steps = store.getSteps('r1');
        expect(steps.map((s) => s.idx)).toEqual([0, 1, 2]);
        expect(steps[1]).toHaveProperty('output', null);
        expect(store.getRun('r1')?.stepCount).toBe(3);
        expect(store.getSteps('ghost')).toEqual([]);
      });

      it('keeps the steps of different runs apart', () => {
        completeStep(started('a'), 0);
        completeStep(started('b'), 0);
        expect(store.getSteps('a')).toHaveLength(1);
        expect(store.getSteps('a')[0]?.runId).toBe('a');
      });

      it('rejects an attempt on a missing step and a step of another run, changing nothing', () => {
        const clock = started('r1');
        const before = store.getRun('r1');
        expect(() => store.commit('r1', { kind: 'step.attempt', stepIdx: 4, attempts: 2 }, [clock.stepRetried(4, 2)], at(1))).toThrow(RunStateError);
        expect(() => store.commit('r1', { kind: 'step.begin', step: makeStep('other', 0) }, [new EventClock('r1', 1).stepStarted(0)], at(2))).toThrow(RunStateError);
        expect(store.getRun('r1')).toEqual(before);
        expect(store.getSteps('r1')).toEqual([]);
        expect(store.getEvents('r1')).toHaveLength(1);
      });
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
        expect(all[2]).toEqual({ runId: 'r1', seq: 2, at: new Date(T0 + 2).toISOString(), type: 'step.completed', stepIdx: 0, nodeId: 'n0', port: 'next', output: { ok: 0 }, latencyMs: 12, attempts: 1 });
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

    describe('approvals', () => {
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
        const decision = { approvalId: 'apr_1', decision: 'approved', by: 'alice', comment: 'fine', at: decidedAt } as const;
        store.commit('r1', { kind: 'approval.resolve', decision, stepIdx: 0 }, [clock.approvalResolved(0, 'apr_1', 'approved', 'alice')], { durable: true, now: decidedAt });
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
        const attempt = () => store.commit('r1', { kind: 'approval.resolve', decision: late, stepIdx: 0 }, [clock.approvalResolved(0, 'apr_1', 'rejected', 'bob')], { durable: true, now: decidedAt + 1 });
        expect(attempt).toThrow(ApprovalConflictError);
        expect(attempt).toThrow('approval apr_1 was already approved by alice at 2026-01-15T11:30:00.000Z');
        expect(store.getApproval('apr_1')).toMatchObject({ status: 'approved', decidedBy: 'alice' });
        expect(store.getEvents('r1').map((e) => e.type)).toEqual(['run.started', 'approval.requested', 'run.waiting', 'approval.resolved']);
        expect(store.getRun('r1')).toMatchObject({ nextSeq: 4, updatedAt: decidedAt });
      });

      it('records a rejection and an edited payload', () => {
        const clock = waiting('r1', 'apr_1');
        const decision = { approvalId: 'apr_1', decision: 'rejected', by: 'bob', payload: { amount: 10 }, at: T0 + 50 } as const;
        store.commit('r1', { kind: 'approval.resolve', decision, stepIdx: 0 }, [clock.approvalResolved(0, 'apr_1', 'rejected', 'bob')], at(50));
        const got = store.getApproval('apr_1');
        expect(got).toMatchObject({ status: 'rejected', decidedBy: 'bob', decidedAt: T0 + 50, decidedPayload: { amount: 10 }, edited: true });
        expect(got).not.toHaveProperty('comment');
        expect(() => store.commit('r1', { kind: 'approval.resolve', decision: { ...decision, by: 'carol' }, stepIdx: 0 }, [], at(51))).toThrow(
          /approval apr_1 was already rejected by bob at 2026-01-15T10:00:00\.050Z/,
        );
      });

      it('rejects resolving an unknown approval, or one of another run or step', () => {
        waiting('r1', 'apr_1');
        started('r2');
        const decision = (approvalId: string) => ({ approvalId, decision: 'approved' as const, by: 'alice', at: T0 + 9 });
        expect(() => store.commit('r1', { kind: 'approval.resolve', decision: decision('apr_x'), stepIdx: 0 }, [], at(9))).toThrow(RunStateError);
        expect(() => store.commit('r2', { kind: 'approval.resolve', decision: decision('apr_1'), stepIdx: 0 }, [], at(9))).toThrow(RunStateError);
        expect(() => store.commit('r1', { kind: 'approval.resolve', decision: decision('apr_1'), stepIdx: 1 }, [], at(9))).toThrow(RunStateError);
        expect(store.getApproval('apr_1')?.status).toBe('pending');
      });

      it('rejects a second approval with an existing id', () => {
        waiting('r1', 'apr_1');
        const clock = started('r2');
        const step = makeStep('r2', 0, { status: 'waiting' });
        expect(() => store.commit('r2', { kind: 'step.wait', step, approval: makeApproval('r2', 0, 'apr_1') }, [clock.approvalRequested(0, 'apr_1')], at(1))).toThrow(RunStateError);
        expect(store.getApproval('apr_1')?.runId).toBe('r1');
        expect(store.getSteps('r2')).toEqual([]);
      });

      it('lists approvals by status and run, oldest request first', () => {
        waiting('r1', 'apr_b');
        const clock = waiting('r2', 'apr_a');
        waiting('r3', 'apr_c');
        store.commit('r2', { kind: 'approval.resolve', decision: { approvalId: 'apr_a', decision: 'approved', by: 'alice', at: T0 + 7 }, stepIdx: 0 }, [clock.approvalResolved(0, 'apr_a', 'approved', 'alice')], at(7));
        expect(store.listApprovals().map((a) => a.id)).toEqual(['apr_a', 'apr_b', 'apr_c']);
        expect(store.listApprovals({ status: 'pending' }).map((a) => a.id)).toEqual(['apr_b', 'apr_c']);
        expect(store.listApprovals({ status: 'approved' }).map((a) => a.id)).toEqual(['apr_a']);
        expect(store.listApprovals({ runId: 'r3' }).map((a) => a.id)).toEqual(['apr_c']);
        expect(store.listApprovals({ runId: 'r2', status: 'pending' })).toEqual([]);
        expect(store.listApprovals({ status: 'rejected' })).toEqual([]);
      });
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

    it('refuses to work after close', () => {
      started('r1');
      store.close();
      expect(() => store.getRun('r1')).toThrow();
      expect(() => store.commit('r1', { kind: 'run.status', status: 'cancelled', usage: usage(0) }, [], at(1))).toThrow();
    });

    it('keeps everything across close and reopen (durable stores)', (ctx) => {
      if (!h.reopen) {
        ctx.skip();
        return;
      }
      const clock = waiting('r1', 'apr_1');
      completeStep(clock, 1);
      store.commit('r1', { kind: 'run.status', status: 'completed', usage: usage(2), output: { done: true }, endedAt: T0 + 99 }, [clock.runFinished('completed')], { durable: true, now: T0 + 99 });
      const snapshot = { run: store.getRun('r1'), steps: store.getSteps('r1'), events: store.getEvents('r1'), approval: store.getApproval('apr_1') };
      store.close();

      const again = h.reopen();
      opened.push(again);
      expect({ run: again.getRun('r1'), steps: again.getSteps('r1'), events: again.getEvents('r1'), approval: again.getApproval('apr_1') }).toEqual(snapshot);
      expect(again.listRuns().map((r) => r.id)).toEqual(['r1']);
      const decision = { approvalId: 'apr_1', decision: 'approved', by: 'alice', at: T0 + 100 } as const;
      again.commit('r1', { kind: 'approval.resolve', decision, stepIdx: 0 }, [], at(100));
      again.close();

      const third = h.reopen();
      opened.push(third);
      expect(() => third.commit('r1', { kind: 'approval.resolve', decision: { ...decision, by: 'bob' }, stepIdx: 0 }, [], at(101))).toThrow(ApprovalConflictError);
    });
  });
}
