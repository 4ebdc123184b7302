/**
 * What the conformance sections share: the store under test (a fresh one per test) and
 * builders that bring it to common states, so each test states only what it is about.
 */
import type { CheckpointStore, RunRecord } from '../../src-main/engine/store';
import { EventClock, T0, makeApproval, makeRun, makeStep } from './fixtures';

/** Commit options at `T0 + n`, not durable. */
export const at = (n: number) => ({ durable: false, now: T0 + n });

/** The per-test state and helpers each conformance section receives. */
export interface SuiteContext {
  /** The store of the current test. */
  readonly store: CheckpointStore;
  /** Opens the store again over the same data, when the implementation is durable. */
  readonly reopen: (() => CheckpointStore) | undefined;
  /** Registers a store for closing after the test. */
  track(store: CheckpointStore): CheckpointStore;
  /** Creates run `id` with its run.started event; returns the event clock for more. */
  started(id: string, over?: Partial<RunRecord>): EventClock;
  /** Runs step `idx` of the clock's run through begin and complete. */
  completeStep(clock: EventClock, idx: number): void;
  /** Brings run `id` to a pending approval `apr` at step 0. */
  waiting(id: string, apr: string): EventClock;
}

/** Builds the helpers over whatever store `current()` returns at call time. */
export function helpers(current: () => CheckpointStore): Pick<SuiteContext, 'started' | 'completeStep' | 'waiting'> {
  const started = (id: string, over: Partial<RunRecord> = {}): EventClock => {
    const clock = new EventClock(id);
    current().createRun(makeRun(id, over), [clock.runStarted()]);
    return clock;
  };
  return {
    started,
    completeStep(clock, idx) {
      const id = clock.runId;
      current().commit(id, { kind: 'step.begin', step: makeStep(id, idx) }, [clock.stepStarted(idx)], at(idx * 10));
      const done = makeStep(id, idx, {
        status: 'completed',
        endedAt: T0 + idx * 1000 + 12,
        latencyMs: 12,
        port: 'next',
        output: { ok: idx },
        nextNodeId: `n${idx + 1}`,
      });
      current().commit(id, { kind: 'step.complete', step: done }, [clock.stepCompleted(idx)], at(idx * 10 + 1));
    },
    waiting(id, apr) {
      const clock = started(id);
      const step = makeStep(id, 0, { status: 'waiting', nodeType: 'approval' });
      current().commit(
        id,
        { kind: 'step.wait', step, approval: makeApproval(id, 0, apr) },
        [clock.approvalRequested(0, apr), clock.runWaiting(apr, 0)],
        {
          durable: true,
          now: T0 + 5,
        },
      );
      return clock;
    },
  };
}
