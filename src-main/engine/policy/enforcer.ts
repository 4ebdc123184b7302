/**
 * Policy enforcement at the ports. The executor hands every node HTTP and LLM ports that
 * wrap the real ones: each call is checked against the node's effective policy
 * (shared/policy.ts) and its zone budget right before it is sent — first attempt, retries,
 * LLM repair calls, and again after a resume — so no node type can bypass the check, and
 * the check is the engine's, never the prompt's.
 *
 * Per call: forbidden → refused (`policy`); over budget → refused (`budget`); needs
 * approval → the covering decided approval lets it through (with the approver's edits) or
 * refuses it (`policy.rejected`), and without one the run parks (`ApprovalRequired`);
 * allowed → sent. Every check is a `policy.checked` event, committed before the call.
 */
import type { ErrorInfo } from '../../../shared/events';
import {
  callConnector,
  effectivePolicy,
  nodeCall,
  type CallCatalog,
  type CallRef,
  type EffectivePolicy,
} from '../../../shared/policy';
import type { SpecNode, WorkflowSpec } from '../../../shared/spec/schema';
import type { EventBuffer } from '../event-buffer';
import type { Clock, HttpPort, LlmPort } from '../ports';
import type { ApprovalRecord, CheckpointStore, RunRecord, StepRecord } from '../store';
import {
  actionSchema,
  applyHttpDecision,
  applyLlmDecision,
  covers,
  httpAction,
  llmAction,
  type CallAction,
  type HttpAction,
  type LlmAction,
} from './actions';
import { actualLlmCall, BudgetLedger, estimateLlmCall, NO_COST, type BudgetBreach, type CallCost } from './budget';
import { ApprovalRequired, CallRefused } from './errors';

/** What the governor of one step needs from the runner. */
export interface StepScope {
  node: SpecNode;
  idx: number;
  events: EventBuffer;
  /** Commits the events recorded so far, so a check is on disk before its call is made. */
  flush(attempt: number): void;
}

/** Policy state of one run while it executes in this process: budgets and the store. */
export class RunGovernor {
  readonly budgets: BudgetLedger;

  constructor(
    readonly run: RunRecord,
    steps: readonly StepRecord[],
    readonly store: CheckpointStore,
    readonly clock: Clock,
    /** Where node types declare their calls. */
    readonly catalog: CallCatalog,
    /** Masks secret values in what approvers are shown (the run's redactor). */
    readonly mask: (text: string) => string = (t) => t,
  ) {
    this.budgets = new BudgetLedger(run.spec, steps, run.createdAt);
  }

  /** The governor of one step (one per step execution, across its attempts). */
  step(scope: StepScope): StepGovernor {
    return new StepGovernor(this, scope);
  }
}

function breachMessage(b: BudgetBreach, phase: 'before' | 'after'): string {
  return `zone "${b.zone}" budget ${b.limit} ${phase === 'before' ? 'would be' : 'was'} exceeded: ${b.value} > ${b.max}${phase === 'before' ? ' (checked before the call)' : ''}`;
}

/** Enforcement for one step; see the module comment. */
export class StepGovernor {
  /** A budget passed by a call's actual cost: it stops the step once the call returns. */
  private breach: BudgetBreach | undefined;
  private readonly spec: WorkflowSpec;

  constructor(
    private readonly run: RunGovernor,
    private readonly scope: StepScope,
  ) {
    this.spec = run.run.spec;
  }

  /**
   * Before the node runs: refuses a node whose own call is forbidden (so it does not even
   * read its connector's secrets), counts the step in its zone and checks the zone's step
   * and wall-time budget.
   */
  enter(): ErrorInfo | undefined {
    const { node, idx } = this.scope;
    const call = nodeCall(this.run.catalog, node);
    if (call) {
      const p = effectivePolicy(this.spec, this.run.catalog, node.id, call);
      if (p.decision === 'forbid') return this.forbid(p, call).toInfo();
    }
    this.run.budgets.enterStep(node.id, idx);
    const b = this.run.budgets.check(node.id, NO_COST, this.run.clock.now());
    return b ? this.refuse(b, 'before').toInfo() : undefined;
  }

  /** The budget error a finished call left behind, if any (the executor fails the step with it). */
  takeStop(): ErrorInfo | undefined {
    const b = this.breach;
    this.breach = undefined;
    return b ? this.refuse(b, 'after').toInfo() : undefined;
  }

  /** Policy-enforcing ports for one attempt. */
  ports(attempt: number, inner: { http: HttpPort; llm: LlmPort }): { http: HttpPort; llm: LlmPort } {
    const { node } = this.scope;
    const config = node.config as { connector?: string; model?: string; requestSchema?: object };
    return {
      http: {
        request: async (req) => {
          const connector = callConnector(this.run.catalog, node, 'http');
          const action = httpAction(req, connector, this.run.mask);
          // The method actually sent sets the call's least risk class (shared/policy.ts).
          const sent = this.admit(
            { kind: 'http', ...(connector ? { connector } : {}), method: req.method },
            action,
            NO_COST,
            attempt,
            (requested, decided) => applyHttpDecision(req, requested as HttpAction, decided, config.requestSchema),
          );
          return inner.http.request(sent ?? req);
        },
      },
      llm: {
        complete: async (req) => {
          const connector =
            Object.entries(this.spec.connectors).find(([, c]) => c === req.connector)?.[0] ??
            callConnector(this.run.catalog, node, 'llm');
          const action = llmAction(req, connector);
          const sent = this.admit(
            { kind: 'llm', ...(connector ? { connector } : {}) },
            action,
            estimateLlmCall(req),
            attempt,
            (requested, decided) => applyLlmDecision(req, requested as LlmAction, decided),
          );
          const res = await inner.llm.complete(sent ?? req);
          this.run.budgets.add(node.id, actualLlmCall(req.connector, res.usage));
          this.breach ??= this.run.budgets.check(node.id, NO_COST, this.run.clock.now());
          return res;
        },
      },
    };
  }

  /**
   * Decides one call. Returns the request to send instead of the original (approved with
   * edits), undefined to send it as is; throws to refuse it or to park the run.
   */
  private admit<R>(
    call: CallRef,
    action: CallAction,
    estimate: CallCost,
    attempt: number,
    apply: (requested: CallAction, decided: unknown) => R,
  ): R | undefined {
    const p = effectivePolicy(this.spec, this.run.catalog, this.scope.node.id, call);
    const checked = (approvalId?: string) => this.checked(p, call, approvalId);
    // A budget the previous call of this attempt passed stops the next one.
    const stop = this.takeStop();
    if (stop) throw new CallRefused('budget', stop.message);
    if (p.decision === 'forbid') throw this.forbid(p, call, action);
    const b = this.run.budgets.check(this.scope.node.id, estimate, this.run.clock.now());
    if (b) {
      checked();
      throw this.refuse(b, 'before');
    }
    let result: R | undefined;
    if (p.decision === 'approval') {
      const a = this.coveringApproval(action);
      checked(a?.id);
      if (!a) throw new ApprovalRequired(this.request(p, action));
      switch (a.status) {
        case 'approved':
          result = apply(a.payload as CallAction, a.decidedPayload ?? a.payload);
          break;
        case 'rejected':
          throw new CallRefused(
            'policy.rejected',
            `${a.decidedBy ?? 'an approver'} rejected this call (approval ${a.id})${a.comment ? `: ${a.comment}` : ''}`,
            { approvalId: a.id },
          );
        case 'pending':
        case 'escalated':
          throw new CallRefused('policy', `approval ${a.id} is ${a.status}; the call cannot proceed yet`);
        case 'cancelled':
          throw new CallRefused('policy', `approval ${a.id} was withdrawn: the run was cancelled`);
        default: {
          const never: never = a.status;
          throw new CallRefused('policy', `approval ${a.id} has unknown status ${String(never)}`);
        }
      }
    } else checked();
    this.scope.flush(attempt);
    return result;
  }

  /** Records one check as a `policy.checked` event of the step. */
  private checked(p: EffectivePolicy, call: CallRef, approvalId?: string): void {
    const { node, idx, events } = this.scope;
    events.push({
      type: 'policy.checked',
      stepIdx: idx,
      nodeId: node.id,
      call: call.kind,
      ...(call.connector ? { connector: call.connector } : {}),
      riskClass: p.riskClass ?? 'destructive',
      decision: p.decision,
      rule: p.rule,
      zone: p.zone,
      ...(approvalId ? { approvalId } : {}),
    });
  }

  private forbid(p: EffectivePolicy, call: CallRef, action?: CallAction): CallRefused {
    this.checked(p, call);
    return new CallRefused(
      'policy',
      `"${this.scope.node.id}" may not make this call: ${p.rule}`,
      action ? { action } : undefined,
    );
  }

  /** The latest approval of this step that covers the call (escalated ones were replaced). */
  private coveringApproval(action: CallAction): ApprovalRecord | undefined {
    const mine = this.run.store
      .listApprovals({ runId: this.run.run.id })
      .filter((a) => a.stepIdx === this.scope.idx && a.status !== 'escalated');
    return mine.filter((a) => covers(a.payload, action)).at(-1);
  }

  private request(p: EffectivePolicy, action: CallAction): ApprovalRequired['approval'] {
    const { node } = this.scope;
    const rule = p.approvals ?? {};
    const requestSchema = (node.config as { requestSchema?: object }).requestSchema;
    const what =
      action.kind === 'http' ? `${action.method} ${action.url}` : `call model ${action.provider}/${action.model}`;
    return {
      message: `"${node.name}" (${node.id}) wants to ${what}: ${p.rule}`,
      payload: action,
      payloadSchema: actionSchema(action, action.kind === 'http' ? requestSchema : undefined),
      approvers: rule.approvers ?? [],
      reason: `policy: ${p.rule}`,
      ...(rule.timeoutMs ? { timeoutAt: this.run.clock.now() + rule.timeoutMs } : {}),
    };
  }

  private refuse(b: BudgetBreach, phase: 'before' | 'after'): CallRefused {
    const { node, idx, events } = this.scope;
    events.push({
      type: 'budget.exceeded',
      stepIdx: idx,
      nodeId: node.id,
      zone: b.zone,
      limit: b.limit,
      value: b.value,
      max: b.max,
      phase,
    });
    return new CallRefused('budget', breachMessage(b, phase), b);
  }
}
