/**
 * Rules every `CheckpointStore` applies identically, whatever it stores in: event
 * sequencing, step ownership, paging bounds, and the approval compare-and-sets (decide,
 * escalate) with their conflict message, and cancellation. The lease rules live in lease.ts. Defined once here so the in-memory store
 * (memory-store.ts) and the SQLite store (storage/sqlite-store.ts) cannot drift; both pass
 * the conformance suite (test/conformance/checkpoint-store.ts). Pure: they check and build
 * records, the stores persist them.
 */
import type { EngineEvent } from '../../shared/events';
import { ApprovalConflictError, RunStateError, WaitConflictError } from './errors';
import type {
  ApprovalDecision,
  ApprovalRecord,
  RunRecord,
  StepRecord,
  Transition,
  WaitFilter,
  WaitRecord,
} from './store';

/**
 * Checks the events of one commit: each belongs to `runId` and the `seq`s strictly increase
 * from at least `nextSeq`. Returns the run's next sequence number after them.
 * @throws RunStateError when an event is out of sequence or belongs to another run.
 */
export function checkEvents(runId: string, nextSeq: number, events: readonly EngineEvent[]): number {
  let next = nextSeq;
  for (const e of events) {
    if (e.runId !== runId) throw new RunStateError(`event ${e.type} #${e.seq} belongs to run ${e.runId}, not ${runId}`);
    if (!Number.isInteger(e.seq) || e.seq < next) {
      throw new RunStateError(`event ${e.type} of run ${runId} has seq ${e.seq}; expected ${next} or more`);
    }
    next = e.seq + 1;
  }
  return next;
}

/** The message of the `ApprovalConflictError` raised when `approval` is no longer pending. */
export function approvalConflictMessage(approval: ApprovalRecord): string {
  const by = approval.decidedBy ?? 'an unknown approver';
  const at = approval.decidedAt !== undefined ? new Date(approval.decidedAt).toISOString() : 'an unknown time';
  return `approval ${approval.id} was already ${approval.status} by ${by} at ${at}`;
}

/**
 * The approval compare-and-set: returns `current` decided by `decision`, without mutating
 * it. `decidedPayload` is the edited payload when one was given (then `edited` is true),
 * else the requested payload.
 * @throws RunStateError when the approval does not exist or belongs to another run or step.
 * @throws ApprovalConflictError when the approval is not pending any more.
 */
export function decideApproval(
  current: ApprovalRecord | undefined,
  runId: string,
  stepIdx: number,
  decision: ApprovalDecision,
): ApprovalRecord {
  if (!current) throw new RunStateError(`approval ${decision.approvalId} not found`);
  if (current.runId !== runId || current.stepIdx !== stepIdx) {
    throw new RunStateError(
      `approval ${current.id} belongs to run ${current.runId} step ${current.stepIdx}, not run ${runId} step ${stepIdx}`,
    );
  }
  if (current.status !== 'pending') throw new ApprovalConflictError(approvalConflictMessage(current));
  const edited = decision.payload !== undefined;
  const decided: ApprovalRecord = {
    ...current,
    status: decision.decision,
    decidedBy: decision.by,
    decidedAt: decision.at,
    decidedPayload: edited ? decision.payload : current.payload,
    edited,
  };
  if (decision.comment !== undefined) decided.comment = decision.comment;
  return decided;
}

/**
 * The escalation compare-and-set: returns `current` marked `escalated` (by `t.by` at `t.at`)
 * and the new pending approval, after checking both belong to `runId` and the step.
 * @throws RunStateError when either approval is missing, misplaced, or the new one is not pending.
 * @throws ApprovalConflictError when `current` is not pending any more.
 */
export function escalateApproval(
  current: ApprovalRecord | undefined,
  runId: string,
  t: Extract<Transition, { kind: 'approval.escalate' }>,
): { escalated: ApprovalRecord; escalation: ApprovalRecord } {
  if (!current) throw new RunStateError(`approval ${t.approvalId} not found`);
  if (current.runId !== runId || current.stepIdx !== t.stepIdx) {
    throw new RunStateError(
      `approval ${current.id} belongs to run ${current.runId} step ${current.stepIdx}, not run ${runId} step ${t.stepIdx}`,
    );
  }
  if (current.status !== 'pending') throw new ApprovalConflictError(approvalConflictMessage(current));
  const e = t.escalation;
  if (e.runId !== runId || e.stepIdx !== t.stepIdx || e.status !== 'pending' || e.id === current.id) {
    throw new RunStateError(`escalation ${e.id} must be a new pending approval of run ${runId} step ${t.stepIdx}`);
  }
  return { escalated: { ...current, status: 'escalated', decidedBy: t.by, decidedAt: t.at }, escalation: e };
}

/**
 * Checks an approval a `step.wait` adds: it belongs to the run and the waiting step, and its
 * id is new (`exists` says whether the store already has one with that id).
 * @throws RunStateError otherwise.
 */
export function checkNewApproval(approval: ApprovalRecord, runId: string, stepIdx: number, exists: boolean): void {
  if (approval.runId !== runId || approval.stepIdx !== stepIdx) {
    throw new RunStateError(`approval ${approval.id} does not belong to run ${runId} step ${stepIdx}`);
  }
  if (exists) throw new RunStateError(`approval ${approval.id} already exists`);
}

/** Throws unless a step record in a commit for `runId` belongs to that run. */
export function checkStepRun(runId: string, step: StepRecord): void {
  if (step.runId !== runId) throw new RunStateError(`step ${step.idx} belongs to run ${step.runId}, not ${runId}`);
}

/** Checks the `limit`/`offset` of a filter (non-negative integers when given). */
export function checkPaging(filter: { limit?: number; offset?: number }): void {
  for (const key of ['limit', 'offset'] as const) {
    const v = filter[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      throw new RangeError(`${key} must be a non-negative integer, got ${v}`);
  }
}

/** Whether a run status is final: nothing may drive, cancel or decide it any more. */
export function isFinished(status: RunRecord['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/**
 * The approvals a `run.cancel` withdraws: every pending one of the run, marked `cancelled`
 * by the canceller at the cancellation time.
 */
export function cancelledApprovals(
  pending: readonly ApprovalRecord[],
  t: Extract<Transition, { kind: 'run.cancel' }>,
): ApprovalRecord[] {
  return pending
    .filter((a) => a.status === 'pending')
    .map((a) => ({ ...a, status: 'cancelled', decidedBy: t.by, decidedAt: t.at }));
}

/**
 * Checks that a run may be cancelled or asked to cancel.
 * @throws RunStateError when the run does not exist or has ended.
 */
export function checkCancellable(runId: string, run: Pick<RunRecord, 'status'> | undefined): void {
  if (!run) throw new RunStateError(`there is no run "${runId}"`);
  if (isFinished(run.status)) throw new RunStateError(`run ${runId} has already ${run.status}; nothing to cancel`);
}

/**
 * Checks a wait row a `step.wait` adds: it belongs to the run and the waiting step, is
 * pending, and its id is new (`exists` says whether the store already has one).
 * @throws RunStateError otherwise.
 */
export function checkNewWait(wait: WaitRecord, runId: string, stepIdx: number, exists: boolean): void {
  if (wait.runId !== runId || wait.stepIdx !== stepIdx || wait.status !== 'pending')
    throw new RunStateError(`wait ${wait.id} must be a new pending wait of run ${runId} step ${stepIdx}`);
  if (exists) throw new RunStateError(`wait ${wait.id} already exists`);
}

/**
 * The wait compare-and-set: returns `current` fired as `t` says, without mutating it.
 * @throws RunStateError when the wait does not exist or belongs to another run or step.
 * @throws WaitConflictError when it is not pending any more (it fired, or its step moved on).
 */
export function fireWaitRule(
  current: WaitRecord | undefined,
  runId: string,
  t: Extract<Transition, { kind: 'wait.fire' }>,
): WaitRecord {
  if (!current) throw new RunStateError(`wait ${t.waitId} not found`);
  if (current.runId !== runId || current.stepIdx !== t.stepIdx)
    throw new RunStateError(`wait ${current.id} belongs to run ${current.runId} step ${current.stepIdx}`);
  if (current.status !== 'pending') {
    const how = current.status === 'fired' ? `fired (${current.cause}) by ${current.firedBy ?? 'unknown'}` : 'closed';
    throw new WaitConflictError(`wait ${current.id} of run ${runId} has already ${how}`);
  }
  const { at, by, cause, payload } = t.fire;
  return {
    ...current,
    status: 'fired',
    firedAt: at,
    firedBy: by,
    cause,
    ...(payload !== undefined ? { payload } : {}),
  };
}

/**
 * Which open waits a transition closes: the step's own when it completes or fails, all of
 * the run's when it ends (a final status or a cancellation); undefined when none.
 */
export function waitsClosedBy(t: Transition): { stepIdx?: number } | undefined {
  if (t.kind === 'step.complete' || t.kind === 'step.fail') return { stepIdx: t.step.idx };
  if (t.kind === 'run.cancel') return {};
  if (t.kind === 'run.status' && isFinished(t.status)) return {};
  return undefined;
}

/** Whether `w` is one `listWaits(filter)` returns (both stores filter with this). */
export function matchesWait(w: WaitRecord, filter: WaitFilter): boolean {
  if (filter.dueBy !== undefined && !(w.status === 'pending' && w.wakeAt <= filter.dueBy)) return false;
  return (
    (filter.status === undefined || w.status === filter.status) &&
    (filter.runId === undefined || w.runId === filter.runId) &&
    (filter.signal === undefined || (w.kind === 'signal' && w.signal === filter.signal)) &&
    (filter.tokenHash === undefined || w.tokenHash === filter.tokenHash)
  );
}

/** The order of `listWaits`: soonest due first with `dueBy`, else oldest first; id breaks ties. */
export function compareWaits(filter: WaitFilter): (a: WaitRecord, b: WaitRecord) => number {
  const tie = (a: WaitRecord, b: WaitRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return filter.dueBy !== undefined
    ? (a, b) => a.wakeAt - b.wakeAt || tie(a, b)
    : (a, b) => a.createdAt - b.createdAt || tie(a, b);
}
