/**
 * Conformance: run records and step records.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RunStateError } from '../../src-main/engine/errors';
import type { CheckpointStore } from '../../src-main/engine/store';
import type { SuiteContext } from './context';
import { at } from './context';
import { EventClock, T0, makeRun, makeStep, usage } from './fixtures';

/** Run round-trips, duplicates and status transitions. */
export function describeRuns(ctx: SuiteContext): void {
  const { started } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('runs', () => {
    it('round-trips a run: spec snapshot, input, usage, and optional fields stay absent', () => {
      const run = makeRun('r1', { usage: usage(2) });
      const clock = new EventClock('r1');
      store.createRun(run, [clock.runStarted()]);
      const got = store.getRun('r1');
      expect(got).toEqual({ ...run, nextSeq: 1 });
      expect(got?.spec).toEqual(run.spec);
      for (const k of ['endedAt', 'output', 'error', 'parentRunId', 'forkedFromStep'] as const)
        expect(got).not.toHaveProperty(k);
      expect(store.getRun('nope')).toBeUndefined();
    });

    it('round-trips the optional run fields, including a null input', () => {
      const run = makeRun('child', {
        parentRunId: 'parent',
        forkedFromStep: 3,
        simulate: true,
        trigger: 'fork',
        input: null,
      });
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
      store.commit(
        'r1',
        { kind: 'run.status', status: 'completed', usage: usage(3), output: { refunded: true }, endedAt: T0 + 9 },
        [clock.runFinished('completed')],
        {
          durable: true,
          now: T0 + 9,
        },
      );
      const done = store.getRun('r1');
      expect(done).toMatchObject({
        status: 'completed',
        usage: usage(3),
        output: { refunded: true },
        endedAt: T0 + 9,
        updatedAt: T0 + 9,
        nextSeq: 2,
      });
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
      store.commit(
        'r1',
        { kind: 'run.status', status: 'completed', usage: usage(0), output: null, endedAt: T0 + 3 },
        [],
        at(3),
      );
      expect(store.getRun('r1')).toHaveProperty('output', null);
      store.commit('r1', { kind: 'run.status', status: 'running', usage: usage(0) }, [], at(4));
      const resumed = store.getRun('r1');
      for (const k of ['output', 'error', 'endedAt'] as const) expect(resumed).not.toHaveProperty(k);
    });

    it('rejects commits to an unknown run', () => {
      expect(() =>
        store.commit('ghost', { kind: 'run.status', status: 'cancelled', usage: usage(0) }, [], at(1)),
      ).toThrow(RunStateError);
    });
  });
}

/** Step upserts, ordering and rejected transitions. */
export function describeSteps(ctx: SuiteContext): void {
  const { started, completeStep } = ctx;
  let store: CheckpointStore;
  beforeEach(() => {
    store = ctx.store;
  });

  describe('steps', () => {
    it('upserts a step through begin, attempt and complete', () => {
      const clock = started('r1');
      store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], {
        durable: true,
        now: T0 + 1,
      });
      expect(store.getSteps('r1')).toEqual([makeStep('r1', 0)]);
      expect(store.getRun('r1')).toMatchObject({ stepCount: 1, nextSeq: 2, updatedAt: T0 + 1 });

      store.commit(
        'r1',
        { kind: 'step.attempt', stepIdx: 0, attempts: 2 },
        [clock.stepRetried(0, 2), clock.stepStarted(0, 2)],
        at(2),
      );
      expect(store.getSteps('r1')).toEqual([makeStep('r1', 0, { attempts: 2 })]);

      const done = makeStep('r1', 0, {
        status: 'completed',
        attempts: 2,
        endedAt: T0 + 3,
        latencyMs: 40,
        port: 'next',
        output: { id: 7 },
        usage: usage(1),
        nextNodeId: 'n1',
        simulated: false,
      });
      store.commit('r1', { kind: 'step.complete', step: done }, [clock.stepCompleted(0)], at(3));
      expect(store.getSteps('r1')).toEqual([done]);
      expect(store.getRun('r1')).toMatchObject({ stepCount: 1, nextSeq: 5, updatedAt: T0 + 3 });
      expect(store.getEvents('r1').map((e) => e.type)).toEqual([
        'run.started',
        'step.started',
        'step.retried',
        'step.started',
        'step.completed',
      ]);
    });

    it('records a failed step with its error, and leaves optional step fields absent', () => {
      const clock = started('r1');
      store.commit('r1', { kind: 'step.begin', step: makeStep('r1', 0) }, [clock.stepStarted(0)], at(1));
      const begun = store.getSteps('r1')[0];
      for (const k of ['endedAt', 'latencyMs', 'port', 'output', 'error', 'nextNodeId', 'simulated'] as const)
        expect(begun).not.toHaveProperty(k);
      const error = {
        code: 'http.status',
        message: 'HTTP 500',
        retryable: true,
        status: 500,
        detail: { body: 'oops' },
      };
      const failed = makeStep('r1', 0, {
        status: 'failed',
        attempts: 3,
        endedAt: T0 + 9,
        latencyMs: 900,
        error,
        port: 'error',
        nextNodeId: 'fallback',
      });
      store.commit('r1', { kind: 'step.fail', step: failed }, [clock.stepFailed(0)], at(9));
      expect(store.getSteps('r1')).toEqual([failed]);
    });

    it('returns steps in index order and counts them, whatever the commit order', () => {
      const clock = started('r1');
      for (const idx of [2, 0, 1])
        store.commit('r1', { kind: 'step.begin', step: makeStep('r1', idx) }, [clock.stepStarted(idx)], at(idx));
      store.commit(
        'r1',
        { kind: 'step.complete', step: makeStep('r1', 1, { status: 'completed', output: null }) },
        [clock.stepCompleted(1, null)],
        at(5),
      );
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

    it('records an attempt on a step not checkpointed yet as events only', () => {
      // Pure steps are not begun durably, so their retries arrive before any step row.
      const clock = started('r1');
      store.commit('r1', { kind: 'step.attempt', stepIdx: 0, attempts: 2 }, [clock.stepRetried(0, 2)], at(1));
      expect(store.getSteps('r1')).toEqual([]);
      expect(store.getRun('r1')).toMatchObject({ stepCount: 0, nextSeq: 2, updatedAt: T0 + 1 });
      expect(store.getEvents('r1').map((e) => e.type)).toEqual(['run.started', 'step.retried']);
    });

    it('rejects a step of another run, changing nothing', () => {
      started('r1');
      const before = store.getRun('r1');
      expect(() =>
        store.commit(
          'r1',
          { kind: 'step.begin', step: makeStep('other', 0) },
          [new EventClock('r1', 1).stepStarted(0)],
          at(2),
        ),
      ).toThrow(RunStateError);
      expect(store.getRun('r1')).toEqual(before);
      expect(store.getSteps('r1')).toEqual([]);
      expect(store.getEvents('r1')).toHaveLength(1);
    });
  });
}
