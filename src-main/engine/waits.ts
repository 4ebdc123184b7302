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
import type { ErrorInfo } from '../../shared/events';
import type { TimedWait } from './node-def';
import type { NodePlan } from './plan';
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

/**
 * The error a step fails with when its node asks to wait in `state` but its type does not
 * declare `state` as a timed wait state; undefined when it does.
 */
export function undeclaredTimedWait(np: NodePlan, state: string): ErrorInfo | undefined {
  if (np.def.waits?.some((w) => w.state === state && w.resolves === 'time')) return undefined;
  return {
    code: 'node.wait-state',
    retryable: false,
    message: `"${np.node.id}" (${np.node.type}) asked to wait in "${state}", which its node type does not declare as a timed wait state`,
  };
}

/** The id of a step's next approval: a step can ask more than once (a policy gate per distinct call), later ids get a suffix. */
export function nextApprovalId(store: CheckpointStore, runId: string, idx: number): string {
  const asked = store.listApprovals({ runId }).filter((x) => x.stepIdx === idx).length;
  return asked ? `apr_${runId}_${idx}_${asked + 1}` : `apr_${runId}_${idx}`;
}
