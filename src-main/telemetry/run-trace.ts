/**
 * One run's trace, folded from its engine events: the events go in, in sequence order,
 * finished spans come out.
 *
 * Shape: the workflow span (`invoke_workflow {spec name}`) is the root; each step is a span
 * under it (`{node type} {step name}`, e.g. `decision Route`); a step's model calls
 * (`chat {model}`), HTTP calls (`execute_tool {step name}`) and human waits
 * (`await_approval {step name}`) are spans under the step. Retries, policy checks, budget stops,
 * secret reads and guardrail checks are span events on the step.
 *
 * When spans come out — at durable boundaries, so that a run continued by another process
 * exports each span exactly once:
 * - a step's span, with its calls and approvals, when the step ends (`step.completed` /
 *   `step.failed`);
 * - the calls made so far in a step that starts waiting for a human, at `run.waiting` (the
 *   process may stop there; the step itself goes out when it ends, wherever that is);
 * - the workflow span when the run finishes, started at the run's recorded creation time.
 * A process that continues a run folds the run's stored events first with nothing exported
 * (recorder.ts), so it ends the open step with the start time and retries recorded before.
 *
 * Every event type has a handler (a `Record` over the union): a new event type fails to
 * compile here until someone decides what it means for the trace.
 */
import type { EngineEvent, EngineEventType, Usage } from '../../shared/events';
import { type CallSpanContext, chatSpan, toolSpan } from './call-spans';
import type { ContentPolicy } from './content';
import { EVENT_NAME, OPENINFERENCE, OPENINFERENCE_KIND, SPAN_NAME, WAYMARK } from './conventions';
import { spanIdOf } from './ids';
import { type RunInfo, stepInfo } from './run-info';
import { type Attributes, type SpanEventRecord, type SpanRecord, msOf, put } from './span-record';
import { workflowSpan } from './workflow-span';

interface OpenStep {
  idx: number;
  nodeId: string;
  nodeType: string;
  startMs: number;
  attrs: Attributes;
  events: SpanEventRecord[];
  /** Finished call and approval spans not yet handed out. */
  children: SpanRecord[];
  /** Human waits in progress, by approval id. */
  approvals: Map<string, SpanRecord>;
}

type Handler<T extends EngineEventType> = (t: RunTrace, e: Extract<EngineEvent, { type: T }>) => void;

function usageAttrs(a: Attributes, u: Usage | undefined): void {
  if (!u) return;
  a[WAYMARK.costUsd] = u.costUsd;
  a[WAYMARK.inputTokens] = u.inputTokens;
  a[WAYMARK.outputTokens] = u.outputTokens;
  a[WAYMARK.llmCalls] = u.llmCalls;
}

const HANDLERS: { [T in EngineEventType]: Handler<T> } = {
  'run.started': () => {},
  'run.resumed': () => {},
  // A process took over a run whose owner died: an event on the workflow span (rebuilt traces see it too).
  'run.taken-over': (t, e) =>
    t.runEvents.push({
      name: EVENT_NAME.takenOver,
      atMs: msOf(e.at),
      attributes: {
        [WAYMARK.ownerPrevious]: e.previousOwner,
        [WAYMARK.owner]: e.owner,
        [WAYMARK.takeOverReason]: e.reason,
      },
    }),
  'run.paused': () => {},
  'state.edited': (t, e) => t.editSpan(e),
  'step.started': (t, e) => {
    const s = t.step(e, e.nodeType);
    if (e.attempt > 1)
      s.events.push({ name: EVENT_NAME.attempt, atMs: msOf(e.at), attributes: { [WAYMARK.attempt]: e.attempt } });
  },
  'step.retried': (t, e) => {
    const a: Attributes = {
      [WAYMARK.attempt]: e.attempt,
      [WAYMARK.errorCode]: e.error.code,
      [WAYMARK.retryDelayMs]: e.delayMs,
      'error.type': e.error.status !== undefined ? String(e.error.status) : e.error.code,
      'exception.message': e.error.message,
    };
    t.step(e).events.push({ name: EVENT_NAME.retry, atMs: msOf(e.at), attributes: a });
  },
  'step.completed': (t, e) => {
    const s = t.step(e, undefined, msOf(e.at) - e.latencyMs);
    const a = s.attrs;
    a[WAYMARK.stepStatus] = 'completed';
    a[WAYMARK.stepPort] = e.port;
    a[WAYMARK.stepAttempts] = e.attempts;
    put(a, WAYMARK.stepNext, e.nextNodeId);
    if (e.simulated) a[WAYMARK.stepSimulated] = true;
    usageAttrs(a, e.usage);
    if (t.content.capture && e.output !== undefined) a[WAYMARK.stepOutput] = t.content.json(e.output);
    t.closeStep(s, msOf(e.at), { code: 'ok' });
  },
  'step.failed': (t, e) => {
    const s = t.step(e, undefined, msOf(e.at) - e.latencyMs);
    const a = s.attrs;
    a[WAYMARK.stepStatus] = 'failed';
    a[WAYMARK.stepAttempts] = e.attempts;
    a[WAYMARK.stepHandled] = e.handled;
    a[WAYMARK.errorCode] = e.error.code;
    a['error.type'] = e.error.status !== undefined ? String(e.error.status) : e.error.code;
    put(a, WAYMARK.stepNext, e.nextNodeId);
    if (e.handled) a[WAYMARK.stepPort] = 'error';
    t.closeStep(s, msOf(e.at), { code: 'error', message: e.error.message });
  },
  'llm.call': (t, e) => {
    const s = t.step(e, undefined, msOf(e.at) - e.latencyMs);
    s.children.push(chatSpan(t.callContext(s), e));
  },
  'http.call': (t, e) => {
    const s = t.step(e, undefined, msOf(e.at) - e.latencyMs);
    s.children.push(toolSpan(t.callContext(s), e));
  },
  'decision.taken': (t, e) => {
    const s = t.step(e);
    s.attrs[WAYMARK.decisionBranch] = e.branch;
    put(s.attrs, WAYMARK.decisionRuleIndex, e.ruleIndex === null ? undefined : e.ruleIndex + 1);
    put(s.attrs, WAYMARK.decisionRule, e.rule);
    put(s.attrs, WAYMARK.decisionLabel, e.label);
    s.attrs[WAYMARK.decisionRationale] = e.rationale;
    s.events.push({ name: EVENT_NAME.decision, atMs: msOf(e.at), attributes: { [WAYMARK.decisionBranch]: e.branch } });
  },
  // A timed wait its node type declares: an event on the step, which ends when the wait is over.
  'step.waiting': (t, e) =>
    t.step(e).events.push({
      name: EVENT_NAME.waiting,
      atMs: msOf(e.at),
      attributes: { [WAYMARK.waitState]: e.state, [WAYMARK.waitUntil]: e.until },
    }),
  'wait.fired': (t, e) =>
    t.step(e).events.push({
      name: EVENT_NAME.waiting,
      atMs: msOf(e.at),
      attributes: { [WAYMARK.waitState]: `fired:${e.cause}` },
    }),
  'approval.requested': (t, e) => t.openApproval(t.step(e), e.approvalId, msOf(e.at), e.approvers, e, e.message),
  'approval.escalated': (t, e) => {
    const s = t.step(e);
    const old = s.approvals.get(e.approvalId);
    if (old) {
      old.attributes[WAYMARK.approvalDecision] = 'escalated';
      old.attributes[WAYMARK.approvalEscalatedTo] = e.to;
      old.events.push({
        name: EVENT_NAME.escalated,
        atMs: msOf(e.at),
        attributes: { [WAYMARK.approvalEscalatedTo]: e.to },
      });
      t.closeApproval(s, e.approvalId, msOf(e.at));
    }
    t.openApproval(s, e.escalationId, msOf(e.at), e.to, {
      ...(e.timeoutAt ? { timeoutAt: e.timeoutAt } : {}),
      reason: 'escalation',
    });
  },
  'approval.cancelled': (t, e) => {
    const s = t.step(e);
    const span = s.approvals.get(e.approvalId);
    if (!span) return;
    span.attributes[WAYMARK.approvalDecision] = 'cancelled';
    span.attributes[WAYMARK.approvalDecidedBy] = e.by;
    t.closeApproval(s, e.approvalId, msOf(e.at));
  },
  'approval.resolved': (t, e) => {
    const s = t.step(e);
    const span = s.approvals.get(e.approvalId);
    if (!span) return;
    const a = span.attributes;
    a[WAYMARK.approvalDecision] = e.decision;
    a[WAYMARK.approvalDecidedBy] = e.by;
    a[WAYMARK.approvalEdited] = e.edited;
    a[WAYMARK.approvalWaitMs] = Math.max(0, msOf(e.at) - span.startMs);
    if (t.content.capture && e.comment) a[WAYMARK.approvalComment] = t.content.text(e.comment);
    t.closeApproval(s, e.approvalId, msOf(e.at));
  },
  'policy.checked': (t, e) => {
    const a: Attributes = {
      [WAYMARK.policyCall]: e.call,
      [WAYMARK.policyDecision]: e.decision,
      [WAYMARK.policyRule]: e.rule,
      [WAYMARK.policyRiskClass]: e.riskClass,
    };
    put(a, WAYMARK.policyZone, e.zone);
    put(a, WAYMARK.connector, e.connector);
    put(a, WAYMARK.approvalId, e.approvalId);
    t.step(e).events.push({ name: EVENT_NAME.policy, atMs: msOf(e.at), attributes: a });
  },
  'budget.exceeded': (t, e) => {
    const a: Attributes = {
      [WAYMARK.budgetZone]: e.zone,
      [WAYMARK.budgetLimit]: e.limit,
      [WAYMARK.budgetValue]: e.value,
      [WAYMARK.budgetMax]: e.max,
      [WAYMARK.budgetPhase]: e.phase,
    };
    t.step(e).events.push({ name: EVENT_NAME.budget, atMs: msOf(e.at), attributes: a });
  },
  'secret.accessed': (t, e) => {
    const a = { [WAYMARK.secretName]: e.name, [WAYMARK.secretFound]: e.found };
    t.step(e).events.push({ name: EVENT_NAME.secret, atMs: msOf(e.at), attributes: a });
  },
  'guardrail.checked': (t, e) => {
    const s = t.step(e);
    const kinds = [...new Set(e.findings.map((f) => f.kind))];
    const a: Attributes = {
      [WAYMARK.guardrailSource]: e.source,
      [WAYMARK.guardrailVerdict]: e.verdict,
      [WAYMARK.guardrailFindings]: e.findings.length,
      [WAYMARK.guardrailKinds]: kinds,
    };
    if (e.source === 'node') {
      Object.assign(s.attrs, a);
      s.attrs[OPENINFERENCE.spanKind] = OPENINFERENCE_KIND.guardrail;
    }
    s.events.push({ name: EVENT_NAME.guardrail, atMs: msOf(e.at), attributes: a });
  },
  'run.waiting': (t) => t.flushCalls(),
  'run.finished': (t, e) => t.finish(e),
};

export class RunTrace {
  private readonly open = new Map<number, OpenStep>();
  private out: SpanRecord[] = [];
  /** Events of the run as a whole, put on the workflow span. */
  readonly runEvents: SpanEventRecord[] = [];
  /** Set once `run.finished` was folded: the trace is complete. */
  finished = false;

  constructor(
    readonly info: RunInfo,
    readonly content: ContentPolicy,
  ) {}

  /** Folds one event (in sequence order). */
  apply(e: EngineEvent): void {
    (HANDLERS[e.type] as Handler<EngineEventType>)(this, e as never);
  }

  /** The spans finished since the last call. */
  take(): SpanRecord[] {
    const spans = this.out;
    this.out = [];
    return spans;
  }

  /** The open step of a step event, opened (at `startMs`, else the event's time) if it is not yet. */
  step(e: { stepIdx: number; nodeId: string; at: string }, nodeType?: string, startMs?: number): OpenStep {
    let s = this.open.get(e.stepIdx);
    if (!s) {
      s = {
        idx: e.stepIdx,
        nodeId: e.nodeId,
        nodeType: nodeType ?? stepInfo(this.info, e.nodeId).type,
        startMs: startMs ?? msOf(e.at),
        attrs: {},
        events: [],
        children: [],
        approvals: new Map(),
      };
      this.open.set(e.stepIdx, s);
    }
    return s;
  }

  callContext(s: OpenStep): CallSpanContext {
    return {
      traceId: this.info.traceId,
      parentSpanId: spanIdOf(this.info.runId, 'step', s.idx),
      stepName: stepInfo(this.info, s.nodeId, s.nodeType).name,
      connectors: this.info.connectors,
      content: this.content,
    };
  }

  openApproval(
    s: OpenStep,
    approvalId: string,
    atMs: number,
    approvers: string[],
    more: { reason: string; timeoutAt?: string },
    message?: string,
  ): void {
    const a: Attributes = {
      [WAYMARK.approvalId]: approvalId,
      [WAYMARK.approvalReason]: more.reason,
      [WAYMARK.approvalApprovers]: approvers,
    };
    put(a, WAYMARK.approvalTimeoutAt, more.timeoutAt);
    if (this.content.capture && message) a[WAYMARK.approvalMessage] = this.content.text(message);
    s.approvals.set(approvalId, {
      traceId: this.info.traceId,
      spanId: spanIdOf(this.info.runId, 'approval', approvalId),
      parentSpanId: spanIdOf(this.info.runId, 'step', s.idx),
      name: SPAN_NAME.approval(stepInfo(this.info, s.nodeId, s.nodeType).name),
      kind: 'internal',
      startMs: atMs,
      endMs: atMs,
      attributes: a,
      events: [],
      links: [],
      status: { code: 'unset' },
    });
  }

  closeApproval(s: OpenStep, approvalId: string, atMs: number): void {
    const span = s.approvals.get(approvalId);
    if (!span) return;
    s.approvals.delete(approvalId);
    span.endMs = Math.max(span.startMs, atMs);
    s.children.push(span);
  }

  closeStep(s: OpenStep, endMs: number, status: SpanRecord['status']): void {
    for (const id of [...s.approvals.keys()]) this.closeApproval(s, id, endMs);
    const info = stepInfo(this.info, s.nodeId, s.nodeType);
    const attributes: Attributes = {
      [WAYMARK.runId]: this.info.runId,
      [WAYMARK.stepIndex]: s.idx,
      [WAYMARK.stepNodeId]: s.nodeId,
      [WAYMARK.stepNodeType]: s.nodeType,
      [WAYMARK.stepName]: info.name,
      [OPENINFERENCE.spanKind]: OPENINFERENCE_KIND.chain,
      ...s.attrs,
    };
    put(attributes, WAYMARK.stepZone, info.zone);
    this.out.push(...s.children, {
      traceId: this.info.traceId,
      spanId: spanIdOf(this.info.runId, 'step', s.idx),
      parentSpanId: this.info.rootSpanId,
      name: SPAN_NAME.step(s.nodeType, info.name),
      kind: 'internal',
      startMs: s.startMs,
      endMs: Math.max(s.startMs, endMs),
      attributes,
      events: s.events,
      links: [],
      status,
    });
    this.open.delete(s.idx);
  }

  /** Hands out the calls of open steps (the run is about to wait; this process may stop). */
  flushCalls(): void {
    for (const s of this.open.values()) {
      this.out.push(...s.children);
      s.children = [];
    }
  }

  editSpan(e: Extract<EngineEvent, { type: 'state.edited' }>): void {
    const info = stepInfo(this.info, e.nodeId);
    const at = msOf(e.at);
    this.out.push({
      traceId: this.info.traceId,
      spanId: spanIdOf(this.info.runId, 'event', e.seq),
      parentSpanId: this.info.rootSpanId,
      name: SPAN_NAME.edit(info.name),
      kind: 'internal',
      startMs: at,
      endMs: at,
      attributes: { [WAYMARK.stepIndex]: e.stepIdx, [WAYMARK.stepNodeId]: e.nodeId, [WAYMARK.editBy]: e.by },
      events: [],
      links: [],
      status: { code: 'unset' },
    });
  }

  /** The run ended: steps still open (a cancel, a failure while waiting) end with it, then the workflow span. */
  finish(e: Extract<EngineEvent, { type: 'run.finished' }>): void {
    const end = msOf(e.at);
    for (const s of [...this.open.values()]) {
      s.attrs[WAYMARK.stepStatus] = e.status === 'cancelled' ? 'cancelled' : 'failed';
      this.closeStep(s, end, { code: 'error', message: e.error?.message ?? `the run ended ${e.status}` });
    }
    this.out.push({ ...workflowSpan(this.info, e, this.content), events: this.runEvents });
    this.finished = true;
  }
}
