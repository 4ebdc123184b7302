/**
 * Approval timeouts. The timer is durable because it is data: every approval stores its
 * `timeoutAt`, and whoever calls `Engine.processTimeouts(now)` — the CLI before it reads or
 * decides runs, `waymark timeouts`, the web host on an interval — applies what is overdue.
 * A process that was down when a timer fired applies it when it comes back.
 *
 * The action comes from the run's own spec snapshot: an approval node's `onTimeout`, or the
 * zone's `approvals` rule for an automatic policy gate.
 * - `reject` (also the default): decided as rejected by `system:timeout`;
 * - `escalate`: the approval becomes `escalated` and a new one goes to `escalateTo` with the
 *   timer restarted — once; when the escalation times out too, it is rejected;
 * - `branch` (approval nodes): decided by `system:timeout`; the node takes `timeoutBranch`.
 * Each action is one compare-and-set transition, so two processes applying the same timeout
 * cannot both win.
 */
import type { EngineEvent } from '../../../shared/events';
import { effectivePolicy, TIMEOUT_ACTOR } from '../../../shared/policy';
import type { WorkflowSpec } from '../../../shared/spec/schema';
import { ApprovalConflictError } from '../errors';
import { EventBuffer } from '../event-buffer';
import type { Clock } from '../ports';
import type { ApprovalRecord, CheckpointStore, Transition } from '../store';
import { APPROVAL_WAIT } from '../waits';
import type { NodeCatalog } from '../../../shared/nodes/catalog';

/** What a timeout did. */
export type TimeoutAction = 'rejected' | 'escalated' | 'branched';

/** One applied timeout. */
export interface TimeoutResult {
  approvalId: string;
  runId: string;
  nodeId: string;
  stepIdx: number;
  action: TimeoutAction;
  /** The new approval, when escalated. */
  escalationId?: string;
  /** Who it was escalated to. */
  to?: string[];
  /** The branch taken, when branched. */
  branch?: string;
}

interface TimeoutRule {
  timeoutMs?: number;
  onTimeout?: 'reject' | 'escalate' | 'branch';
  escalateTo?: string[];
  timeoutBranch?: string;
}

/**
 * The timeout rule of an approval, from the run's spec snapshot: the node's own config when
 * its type declares a decision wait whose rule lives there (the approval node), else the zone's.
 */
function ruleOf(spec: WorkflowSpec, catalog: NodeCatalog, a: ApprovalRecord): TimeoutRule {
  const node = spec.nodes.find((n) => n.id === a.nodeId);
  if (!node) return {};
  const inConfig = catalog
    .get(node.type)
    ?.waits?.some((w) => w.resolves === 'decision' && w.timeoutRuleInConfig === true);
  if (inConfig) return node.config as TimeoutRule;
  return effectivePolicy(spec, catalog, node.id).approvals ?? {};
}

const ESCALATION_SUFFIX = '_esc';

function describeWait(ms: number | undefined): string {
  return ms === undefined
    ? 'in time'
    : ms % 60_000 === 0
      ? `within ${ms / 60_000} min`
      : ms % 1000 === 0
        ? `within ${ms / 1000} s`
        : `within ${ms} ms`;
}

/**
 * Applies the timeout action of every pending approval whose `timeoutAt` is at or before
 * `now`, each in its own transaction with its events. Runs are not continued here.
 * @returns what was done, in the order applied.
 */
export function applyDueTimeouts(
  deps: { store: CheckpointStore; clock: Clock; catalog: NodeCatalog; publish(events: EngineEvent[]): void },
  now: number,
): TimeoutResult[] {
  const { store, clock } = deps;
  const due = store.listApprovals({ status: 'pending' }).filter((a) => a.timeoutAt !== undefined && a.timeoutAt <= now);
  const results: TimeoutResult[] = [];
  for (const a of due) {
    const run = store.getRun(a.runId);
    if (!run) continue;
    const rule = ruleOf(run.spec, deps.catalog, a);
    const events = new EventBuffer(run.id, run.nextSeq, clock);
    const base = { approvalId: a.id, runId: a.runId, nodeId: a.nodeId, stepIdx: a.stepIdx };
    const isEscalation = a.id.endsWith(ESCALATION_SUFFIX);
    let t: Transition;
    let result: TimeoutResult;
    if (rule.onTimeout === 'escalate' && rule.escalateTo?.length && !isEscalation) {
      const escalationId = `${a.id}${ESCALATION_SUFFIX}`;
      const timeoutAt = rule.timeoutMs !== undefined ? now + rule.timeoutMs : undefined;
      const escalation: ApprovalRecord = {
        id: escalationId,
        runId: a.runId,
        stepIdx: a.stepIdx,
        nodeId: a.nodeId,
        status: 'pending',
        message: a.message,
        payload: a.payload,
        ...(a.payloadSchema ? { payloadSchema: a.payloadSchema } : {}),
        approvers: rule.escalateTo,
        reason: `escalated: nobody decided ${describeWait(rule.timeoutMs)} (${a.reason})`,
        requestedAt: now,
        ...(timeoutAt !== undefined ? { timeoutAt } : {}),
      };
      const iso = timeoutAt !== undefined ? { timeoutAt: new Date(timeoutAt).toISOString() } : {};
      events.push({
        type: 'approval.escalated',
        stepIdx: a.stepIdx,
        nodeId: a.nodeId,
        approvalId: a.id,
        escalationId,
        from: a.approvers,
        to: rule.escalateTo,
        ...iso,
      });
      events.push({
        type: 'approval.requested',
        stepIdx: a.stepIdx,
        nodeId: a.nodeId,
        approvalId: escalationId,
        message: a.message,
        payload: a.payload,
        approvers: rule.escalateTo,
        reason: escalation.reason,
        ...iso,
      });
      events.push({ type: 'run.waiting', approvalId: escalationId, nodeId: a.nodeId, state: APPROVAL_WAIT });
      t = { kind: 'approval.escalate', approvalId: a.id, stepIdx: a.stepIdx, by: TIMEOUT_ACTOR, at: now, escalation };
      result = { ...base, action: 'escalated', escalationId, to: rule.escalateTo };
    } else {
      const branch = rule.onTimeout === 'branch' ? rule.timeoutBranch : undefined;
      const comment = `no decision ${describeWait(rule.timeoutMs)}${branch ? `: takes branch "${branch}"` : isEscalation ? ' after escalation: rejected' : ': rejected'}`;
      events.push({
        type: 'approval.resolved',
        stepIdx: a.stepIdx,
        nodeId: a.nodeId,
        approvalId: a.id,
        decision: 'rejected',
        by: TIMEOUT_ACTOR,
        comment,
        payload: a.payload,
        edited: false,
      });
      t = {
        kind: 'approval.resolve',
        stepIdx: a.stepIdx,
        decision: { approvalId: a.id, decision: 'rejected', by: TIMEOUT_ACTOR, comment, at: now },
      };
      result = branch ? { ...base, action: 'branched', branch } : { ...base, action: 'rejected' };
    }
    const evs = events.take();
    try {
      store.commit(run.id, t, evs, { durable: true, now });
    } catch (e) {
      // Someone decided (or another process applied the timeout) since we listed it.
      if (e instanceof ApprovalConflictError) continue;
      throw e;
    }
    deps.publish(evs);
    results.push(result);
  }
  return results;
}
