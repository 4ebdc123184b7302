/**
 * Cancelling a run that is not executing: waiting for a human, paused by a debugger, or left
 * mid-flight by a process that died. Its pending approvals are withdrawn (so no inbox offers
 * them, no timeout decides them later), the step that was in flight fails as cancelled, and
 * the run ends `cancelled` — one durable `run.cancel` commit, made under the run's lease like
 * any driver's. (A run executing here is cancelled through its drive's signal instead, and a
 * run driven by another process gets a request its owner honours: see engine.ts.)
 */
import { addUsage, type ErrorInfo, type Usage } from '../../shared/events';
import type { RunOutcome } from './contracts';
import { EventBuffer } from './event-buffer';
import type { Clock } from './ports';
import { foldSteps, graphOf } from './state';
import type { ApprovalRecord, CheckpointStore, RunRecord, StepRecord, Transition } from './store';

/** The error a cancelled run ends with: who cancelled it, and when. */
export function cancelError(runId: string, by: string, at: number): ErrorInfo {
  return {
    code: 'cancelled',
    message: `run ${runId} was cancelled by ${by} at ${new Date(at).toISOString()}`,
    retryable: false,
  };
}

/**
 * The events and the `run.cancel` transition that end an idle run: `approval.cancelled` for
 * each pending approval, the in-flight step (if any) failed, `run.finished`.
 */
export function runCancelled(
  events: EventBuffer,
  run: RunRecord,
  pendingStep: StepRecord | undefined,
  pendingApprovals: readonly ApprovalRecord[],
  usage: Usage,
  by: string,
  at: number,
): Transition {
  const error = cancelError(run.id, by, at);
  for (const a of pendingApprovals)
    events.push({ type: 'approval.cancelled', stepIdx: a.stepIdx, nodeId: a.nodeId, approvalId: a.id, by });
  events.push({ type: 'run.finished', status: 'cancelled', error, durationMs: at - run.createdAt, usage });
  const step = pendingStep && { ...pendingStep, status: 'failed' as const, endedAt: at, error };
  return { kind: 'run.cancel', by, at, usage, error, ...(step ? { step } : {}) };
}

/**
 * Ends an idle run whose lease the caller holds: folds its steps, withdraws its pending
 * approvals and commits `run.cancel` (through `commit`, the caller's one commit path).
 */
export function endIdleRun(
  deps: { store: CheckpointStore; clock: Clock },
  run: RunRecord,
  by: string,
  at: number,
  commit: (t: Transition, events: EventBuffer) => void,
): RunOutcome {
  const { store, clock } = deps;
  // Only the step in flight and the usage matter here: no entry node needed.
  const pos = foldSteps(graphOf(run.spec), undefined, run.input, store.getSteps(run.id));
  const events = new EventBuffer(run.id, run.nextSeq, clock);
  const approvals = store.listApprovals({ runId: run.id, status: 'pending' });
  // The calls the step in flight already made were paid for: they count.
  const usage = addUsage(pos.usage, pos.pending?.usage);
  commit(runCancelled(events, run, pos.pending, approvals, usage, by, at), events);
  return { runId: run.id, status: 'cancelled', usage, error: cancelError(run.id, by, at) };
}
