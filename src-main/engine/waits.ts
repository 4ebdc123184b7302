/**
 * Durable waits: a step parks in a wait state its node type declares (shared/nodes/types.ts,
 * `waits`) and the run's status becomes `waiting` until the wait resolves. Two kinds:
 * - `decision` waits (approvals): an approval record, decided once by a human or a timeout;
 *   the step waits on its pending approval and resumes with the decided one;
 * - timed waits: the step records `until`; once that time has passed, a resume (or the host's
 *   sweeper, through {@link dueWaits}) runs the node again with `ctx.resumed`.
 * A policy gate parks any node in the `approval` state. Step records written before wait
 * states existed have no `wait`: they wait on an approval.
 */
import type { TimedWait } from './node-def';
import type { ApprovalRecord, CheckpointStore, StepRecord, StepWait } from './store';

/** The wait state of approvals (node-requested and policy gates alike). */
export const APPROVAL_WAIT = 'approval';

/** The approval a waiting step waits for: its pending one, else its latest decided one. */
export function stepApproval(
  store: CheckpointStore,
  runId: string,
  idx: number | undefined,
): ApprovalRecord | undefined {
  const mine = store.listApprovals({ runId }).filter((a) => a.stepIdx === idx && a.status !== 'escalated');
  return mine.find((a) => a.status === 'pending') ?? mine.at(-1);
}

/** Where a waiting step stands: still waiting (on what), or resolved (with what it resumes with). */
export type WaitCheck =
  | { resolved: false; wait: StepWait; approvalId?: string }
  | { resolved: true; approval?: ApprovalRecord; resumed?: TimedWait };

/** Checks the wait of `step` (the run's waiting step; undefined when it has none) at `now`. */
export function checkWait(store: CheckpointStore, runId: string, step: StepRecord | undefined, now: number): WaitCheck {
  const wait = step?.wait ?? { state: APPROVAL_WAIT };
  const { until } = wait;
  if (until !== undefined)
    return now >= until ? { resolved: true, resumed: { ...wait, until } } : { resolved: false, wait };
  const approval = stepApproval(store, runId, step?.idx);
  if (!approval || approval.status === 'pending')
    return { resolved: false, wait, ...(approval ? { approvalId: approval.id } : {}) };
  return { resolved: true, approval };
}

/** A run whose timed wait has come due. */
export interface DueWait {
  runId: string;
  stepIdx: number;
  nodeId: string;
  state: string;
}

/**
 * Waiting runs whose timed wait is due at `now`. Runs waiting on a pending approval are
 * skipped without reading their steps.
 */
export function dueWaits(store: CheckpointStore, now: number): DueWait[] {
  const onApproval = new Set(store.listApprovals({ status: 'pending' }).map((a) => a.runId));
  const out: DueWait[] = [];
  for (const run of store.listRuns({ status: 'waiting' })) {
    if (onApproval.has(run.id)) continue;
    const last = store.getSteps(run.id).at(-1);
    const until = last?.status === 'waiting' ? last.wait?.until : undefined;
    if (last && until !== undefined && until <= now)
      out.push({ runId: run.id, stepIdx: last.idx, nodeId: last.nodeId, state: (last.wait as StepWait).state });
  }
  return out;
}
