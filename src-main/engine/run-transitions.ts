/**
 * Run transitions: what a run commits when it is created, changes status (running,
 * waiting, paused), finishes, gets a human decision or a debugger's state edit. Like the
 * step transitions (step-transitions.ts), each builder records its events in the run's
 * {@link EventBuffer} and returns the {@link Transition} to commit with them. Pure.
 */
import type { ErrorInfo, Usage } from '../../shared/events';
import { ZERO_USAGE } from '../../shared/events';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { StartOptions } from './contracts';
import type { PauseReason } from './debug';
import type { EventBuffer } from './event-buffer';
import { EDIT_STEP } from './state';
import { idempotencyKeyOf } from './step-transitions';
import { APPROVAL_WAIT } from './waits';
import type { ApprovalDecision, ApprovalRecord, RunRecord, StepRecord, Transition } from './store';

/** The three ways a run ends. */
export type FinalStatus = 'completed' | 'failed' | 'cancelled';

/** A new run's record and its `run.started` event. */
export function newRun(
  events: EventBuffer,
  spec: WorkflowSpec,
  input: unknown,
  runId: string,
  opts: StartOptions,
  now: number,
): RunRecord {
  const run: RunRecord = {
    id: runId,
    specId: spec.id,
    specName: spec.name,
    spec,
    input: input ?? {},
    status: 'running',
    simulate: opts.simulate ?? false,
    trigger: opts.trigger ?? 'manual',
    createdAt: now,
    updatedAt: now,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
    stepCount: 0,
    nextSeq: 0,
  };
  events.push({ type: 'run.started', specId: spec.id, specName: spec.name, input: run.input, simulate: run.simulate });
  return run;
}

/** A change of run status with no event of its own (the events recorded so far travel with it). */
export const runStatus = (status: 'running' | 'waiting' | 'paused', usage: Usage): Transition => ({
  kind: 'run.status',
  status,
  usage,
});

/** `run.waiting` for what the step waits on (its approval, or a timed wait), and the run's `waiting` status. */
export function runWaits(
  events: EventBuffer,
  nodeId: string,
  on: { approvalId: string } | { state: string; until: number },
  usage: Usage,
): Transition {
  events.push(
    'approvalId' in on
      ? { type: 'run.waiting', approvalId: on.approvalId, nodeId, state: APPROVAL_WAIT }
      : { type: 'run.waiting', nodeId, state: on.state, until: new Date(on.until).toISOString() },
  );
  return runStatus('waiting', usage);
}

/** `run.paused` at a step boundary, and the run's `paused` status. */
export function runPauses(
  events: EventBuffer,
  nodeId: string,
  stepIdx: number,
  reason: PauseReason,
  usage: Usage,
): Transition {
  events.push({ type: 'run.paused', nodeId, stepIdx, reason });
  return runStatus('paused', usage);
}

/** `run.resumed` from a step, and the run's `running` status. */
export function runResumes(events: EventBuffer, fromStep: number, usage: Usage): Transition {
  events.push({ type: 'run.resumed', fromStep });
  return runStatus('running', usage);
}

/** `run.finished` and the run's final status, output or error and end time. */
export function runFinishes(
  events: EventBuffer,
  run: RunRecord,
  status: FinalStatus,
  usage: Usage,
  now: number,
  output?: unknown,
  error?: ErrorInfo,
): Transition {
  events.push({
    type: 'run.finished',
    status,
    ...(output !== undefined ? { output } : {}),
    ...(error ? { error } : {}),
    durationMs: now - run.createdAt,
    usage,
  });
  return {
    kind: 'run.status',
    status,
    usage,
    ...(output !== undefined ? { output } : {}),
    ...(error ? { error } : {}),
    endedAt: now,
  };
}

/**
 * `approval.resolved` and the compare-and-set that records a human decision. `edited` says
 * whether `payload` differs from the requested one (only then is it stored as the decision's).
 */
export function approvalResolved(
  events: EventBuffer,
  a: ApprovalRecord,
  d: Omit<ApprovalDecision, 'at' | 'approvalId'> & { account?: string },
  edited: boolean,
  now: number,
): Transition {
  events.push({
    type: 'approval.resolved',
    stepIdx: a.stepIdx,
    nodeId: a.nodeId,
    approvalId: a.id,
    decision: d.decision,
    by: d.by,
    ...(d.account ? { account: d.account } : {}),
    ...(d.comment ? { comment: d.comment } : {}),
    payload: edited ? d.payload : a.payload,
    edited,
  });
  return {
    kind: 'approval.resolve',
    stepIdx: a.stepIdx,
    decision: {
      approvalId: a.id,
      decision: d.decision,
      by: d.by,
      ...(d.comment ? { comment: d.comment } : {}),
      ...(edited ? { payload: d.payload } : {}),
      at: now,
    },
  };
}

/**
 * `state.edited` and the step that records a debugger's edit of a node's output (its own
 * step, so the history keeps the original output; see state.ts for how the fold reads it).
 */
export function stateEdited(
  events: EventBuffer,
  runId: string,
  at: { idx: number; nextNodeId: string | undefined },
  nodeId: string,
  before: unknown,
  output: unknown,
  by: string,
  now: number,
): Transition {
  events.push({ type: 'state.edited', stepIdx: at.idx, nodeId, before, after: output, by });
  const step: StepRecord = {
    runId,
    idx: at.idx,
    nodeId,
    nodeType: EDIT_STEP,
    status: 'completed',
    attempts: 0,
    idempotencyKey: idempotencyKeyOf(runId, at.idx),
    startedAt: now,
    endedAt: now,
    latencyMs: 0,
    output,
    usage: { ...ZERO_USAGE },
    edited: true,
    ...(at.nextNodeId ? { nextNodeId: at.nextNodeId } : {}),
  };
  return { kind: 'step.complete', step };
}
