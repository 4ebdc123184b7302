/**
 * Durable waits: a step parks in a wait state its node type declares (shared/nodes/types.ts,
 * `waits`) and the run's status becomes `waiting` until the wait resolves. Three kinds:
 * - `decision` waits (approvals): an approval record, decided once by a human or a timeout;
 *   the step waits on its pending approval and resumes with the decided one;
 * - timed waits: the step records `until`;
 * - event waits: a named signal (with a match over its payload) or a call to a per-wait
 *   webhook URL, with `until` as the timeout.
 * Timed and event waits are rows of the store's `waits` table, inserted in the same
 * transaction as the waiting step. A row fires exactly once (the `wait.fire` compare-and-set):
 * by the driver or a host's waker once `until` has passed, by `Engine.signal`, or by
 * `Engine.webhook`; the run then continues (anywhere: a waiting run holds no lease and no
 * process) and the node runs again with `ctx.resumed` saying what fired it. Hosts find due
 * waits through {@link dueWaits}: an indexed query, no per-run timers.
 * A policy gate parks any node in the `approval` state. Step records written before wait
 * states existed have no `wait`: they wait on an approval.
 */
import type { ErrorInfo } from '../../shared/events';
import type { EventBuffer } from './event-buffer';
import type { ResumedWait, TimedWait } from './node-def';
import type { NodePlan } from './plan';
import { sha256Hex } from './sha256';
import type { ApprovalRecord, CheckpointStore, StepRecord, StepWait, Transition, WaitFire, WaitRecord } from './store';

/** The wait state of approvals (node-requested and policy gates alike). */
export const APPROVAL_WAIT = 'approval';

/** Who fires a wait whose time came. */
export const TIMER_ACTOR = 'system:timer';

/** Where a webhook wait is called: `POST {base}/hooks/{token}` on a host that serves hooks. */
export const HOOK_PATH_PREFIX = '/hooks/';

/** The approval a waiting step waits for: its pending one, else its latest decided one. */
export function stepApproval(
  store: CheckpointStore,
  runId: string,
  idx: number | undefined,
): ApprovalRecord | undefined {
  const mine = store.listApprovals({ runId }).filter((a) => a.stepIdx === idx && a.status !== 'escalated');
  return mine.find((a) => a.status === 'pending') ?? mine.at(-1);
}

/**
 * Where a waiting step stands: still waiting (on what; `due` when its row's time has come
 * but nobody fired it yet, so the driver fires it), or resolved (with what it resumes with).
 */
export type WaitCheck =
  | { resolved: false; wait: StepWait; approvalId?: string; due?: WaitRecord }
  | { resolved: true; approval?: ApprovalRecord; resumed?: ResumedWait };

/** What the node sees of a fired wait row. */
export function resumedFrom(wait: StepWait, row: WaitRecord): ResumedWait {
  return {
    state: wait.state,
    until: wait.until ?? row.wakeAt,
    ...(wait.detail !== undefined ? { detail: wait.detail } : {}),
    cause: row.cause ?? 'time',
    ...(row.payload !== undefined ? { payload: row.payload } : {}),
    ...(row.firedAt !== undefined ? { firedAt: row.firedAt } : {}),
  };
}

/** Checks the wait of `step` (the run's waiting step; undefined when it has none) at `now`. */
export function checkWait(store: CheckpointStore, runId: string, step: StepRecord | undefined, now: number): WaitCheck {
  const wait = step?.wait ?? { state: APPROVAL_WAIT };
  if (wait.waitId !== undefined) {
    const row = store.getWait(wait.waitId);
    if (row?.status === 'fired') return { resolved: true, resumed: resumedFrom(wait, row) };
    if (row?.status === 'pending' && row.wakeAt <= now) return { resolved: false, wait, due: row };
    if (row) return { resolved: false, wait };
  }
  const { until } = wait;
  // A timed wait recorded before waits had rows: due by its step's `until`.
  if (until !== undefined)
    return now >= until ? { resolved: true, resumed: { ...wait, until, cause: 'time' } } : { resolved: false, wait };
  const approval = stepApproval(store, runId, step?.idx);
  if (!approval || approval.status === 'pending')
    return { resolved: false, wait, ...(approval ? { approvalId: approval.id } : {}) };
  return { resolved: true, approval };
}

/** The `wait.fired` event and the compare-and-set that fires `row` (committed by whoever fires it). */
export function waitFires(events: EventBuffer, row: WaitRecord, fire: WaitFire): Transition {
  events.push({
    type: 'wait.fired',
    stepIdx: row.stepIdx,
    nodeId: row.nodeId,
    waitId: row.id,
    cause: fire.cause,
    by: fire.by,
  });
  return { kind: 'wait.fire', waitId: row.id, stepIdx: row.stepIdx, fire };
}

/** A wait due to be woken: its time has come (`pending`), or it fired but its run never continued. */
export interface DueWait {
  runId: string;
  stepIdx: number;
  nodeId: string;
  state: string;
  waitId: string;
  /** `pending`: fire it (compare-and-set) before continuing the run; `fired`: just continue it. */
  status: 'pending' | 'fired';
}

/**
 * Waits to wake at `now`: pending ones whose `wakeAt` has passed (an indexed query, soonest
 * first, at most `limit`), and fired ones whose run is still waiting (a waker that fired
 * one and died before continuing the run). Nothing is changed here.
 */
export function dueWaits(store: CheckpointStore, now: number, limit = 500): DueWait[] {
  const pick = (w: WaitRecord, status: DueWait['status']): DueWait => ({
    runId: w.runId,
    stepIdx: w.stepIdx,
    nodeId: w.nodeId,
    state: w.state,
    waitId: w.id,
    status,
  });
  const due = store.listWaits({ dueBy: now, limit }).map((w) => pick(w, 'pending'));
  const stranded = store
    .listWaits({ status: 'fired' })
    .filter((w) => store.getRun(w.runId)?.status === 'waiting')
    .map((w) => pick(w, 'fired'));
  return [...due, ...stranded];
}

/**
 * The `waits` row of a step that parks in a timed or event wait, and (webhook waits) the
 * secret path of its URL, which only its hash is stored for: the caller returns it once.
 */
export function waitRow(
  base: StepRecord,
  wait: TimedWait,
  now: number,
  mintToken: () => string,
): { row: WaitRecord; hookPath?: string } {
  const on = wait.on;
  const row: WaitRecord = {
    id: `wt_${base.runId}_${base.idx}`,
    runId: base.runId,
    stepIdx: base.idx,
    nodeId: base.nodeId,
    state: wait.state,
    kind: on?.kind ?? 'time',
    status: 'pending',
    wakeAt: wait.until,
    createdAt: now,
  };
  if (on?.kind === 'signal') {
    row.signal = on.name;
    if (on.match) row.match = on.match;
    if (on.correlation && Object.keys(on.correlation).length) row.correlation = on.correlation;
  }
  if (on?.kind !== 'webhook') return { row };
  const token = mintToken();
  row.tokenHash = sha256Hex(token);
  row.method = on.method;
  if (on.bodySchema) row.bodySchema = on.bodySchema;
  if (on.reply) row.reply = on.reply;
  return { row, hookPath: `${HOOK_PATH_PREFIX}${token}` };
}

/** The hash a webhook token is looked up by. */
export const tokenHash = (token: string): string => sha256Hex(token);

/**
 * The error a step fails with when its node asks to wait in `state` but its type does not
 * declare `state` as a timed (or, for a wait with `on`, an event) wait state; undefined when it does.
 */
export function undeclaredTimedWait(np: NodePlan, state: string, event = false): ErrorInfo | undefined {
  const ok = np.def.waits?.some(
    (w) => w.state === state && (w.resolves === 'event' || (!event && w.resolves === 'time')),
  );
  if (ok) return undefined;
  return {
    code: 'node.wait-state',
    retryable: false,
    message: `"${np.node.id}" (${np.node.type}) asked to wait in "${state}", which its node type does not declare as a ${event ? 'event' : 'timed'} wait state`,
  };
}

/** The id of a step's next approval: a step can ask more than once (a policy gate per distinct call), later ids get a suffix. */
export function nextApprovalId(store: CheckpointStore, runId: string, idx: number): string {
  const asked = store.listApprovals({ runId }).filter((x) => x.stepIdx === idx).length;
  return asked ? `apr_${runId}_${idx}_${asked + 1}` : `apr_${runId}_${idx}`;
}
