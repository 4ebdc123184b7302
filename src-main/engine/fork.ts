/**
 * Forking a run from one of its completed steps: a new run that reuses the parent's recorded
 * outputs up to that step — nothing before it is executed again, so no side effect repeats —
 * and continues live from there, optionally with edited state (replaced node outputs).
 *
 * The plan is pure; the runner creates the run and its reused steps in one transaction and
 * then drives it like any resumed run.
 */
import { ZERO_USAGE, type EngineEvent } from '../../shared/events';
import { canonicalJson } from '../../shared/spec/canonical';
import { RunStateError } from './errors';
import type { RunRecord, StepRecord } from './store';

export interface ForkOptions {
  /** Index of the last parent step to reuse; the fork continues after it. */
  fromStep: number;
  /** Replacement outputs by node id (the node's latest output at or before `fromStep`). */
  edits?: Record<string, unknown>;
  runId?: string;
  trigger?: string;
}

export interface ForkPlan {
  run: RunRecord;
  steps: StepRecord[];
  events: EngineEvent[];
}

/**
 * Plans a fork of `parent` from `opts.fromStep`; `startId` is the parent's entry node
 * (plan.ts), whose output is the run input.
 * @throws RunStateError when the step does not exist, did not finish, or ends the run.
 */
export function planFork(
  parent: RunRecord,
  parentSteps: readonly StepRecord[],
  opts: ForkOptions,
  newRunId: string,
  now: number,
  startId: string | undefined,
): ForkPlan {
  const target = parentSteps.find((s) => s.idx === opts.fromStep);
  if (!target) throw new RunStateError(`run ${parent.id} has no step ${opts.fromStep} (it has ${parentSteps.length})`);
  const finished = target.status === 'completed' || (target.status === 'failed' && target.nextNodeId !== undefined);
  if (!finished)
    throw new RunStateError(
      `step ${opts.fromStep} (${target.nodeId}) of run ${parent.id} is ${target.status}; fork from a completed step`,
    );
  if (target.nextNodeId === undefined)
    throw new RunStateError(
      `step ${opts.fromStep} (${target.nodeId}) ends run ${parent.id}; there is nothing after it to run`,
    );

  const reused = parentSteps
    .filter((s) => s.idx <= opts.fromStep)
    .map((s): StepRecord => ({ ...s, runId: newRunId, usage: ZERO_USAGE, reusedFrom: parent.id }));
  const edits = opts.edits ?? {};
  let input = parent.input;
  for (const [nodeId, output] of Object.entries(edits)) {
    const last = [...reused].reverse().find((s) => s.nodeId === nodeId);
    if (!last) {
      const have = [...new Set(reused.map((s) => s.nodeId))].join(', ');
      throw new RunStateError(
        `node "${nodeId}" has no output at or before step ${opts.fromStep} to edit; nodes with outputs: ${have}`,
      );
    }
    if (canonicalJson(last.output) === canonicalJson(output)) continue;
    last.output = output;
    last.edited = true;
    // The entry node's output is the run input: editing it edits what `input` means downstream.
    if (last.nodeId === startId) input = output;
  }
  const run: RunRecord = {
    ...parent,
    id: newRunId,
    input,
    status: 'running',
    trigger: opts.trigger ?? `fork:${parent.id}@${opts.fromStep}`,
    createdAt: now,
    updatedAt: now,
    usage: ZERO_USAGE,
    parentRunId: parent.id,
    forkedFromStep: opts.fromStep,
    stepCount: reused.length,
    nextSeq: 0,
  };
  delete run.endedAt;
  delete run.output;
  delete run.error;
  const started: EngineEvent = {
    type: 'run.started',
    runId: newRunId,
    seq: 0,
    at: new Date(now).toISOString(),
    specId: parent.specId,
    specName: parent.specName,
    input,
    simulate: parent.simulate,
    parentRunId: parent.id,
    forkedFromStep: opts.fromStep,
  };
  return { run, steps: reused, events: [started] };
}
