/**
 * What the API returns about runs, steps and approvals (results of the `runs.*` and
 * `approvals.*` methods in `shared/api.ts`). These mirror the engine's checkpoint records
 * (src-main/engine/store.ts) field for field, restated here because the renderer may only
 * import `shared/`; the backend maps records onto them with type-checked functions, so a
 * drift between the two fails to compile there.
 */
import type { EngineEvent, ErrorInfo, RunStatus, Usage } from './events';
import type { WorkflowSpec } from './spec/schema';

/** One row of the runs list: everything but the spec snapshot, input and output. */
export interface RunSummary {
  id: string;
  specId: string;
  specName: string;
  status: RunStatus;
  /** Ran with pinned data and no network (the editor's Simulate toggle, `--simulate`). */
  simulate: boolean;
  /** What started it: `editor` (the app), `cli`, `manual`, … */
  trigger: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  /** `endedAt - createdAt`, once the run has ended. */
  durationMs?: number;
  stepCount: number;
  /** Tokens, LLM calls and cost so far. */
  usage: Usage;
  /** Set on forks: the run this one was forked from, and from which step. */
  parentRunId?: string;
  forkedFromStep?: number;
  /**
   * The run was left mid-flight (the app or backend stopped while it ran) and nothing in this
   * backend is executing it: `runs.resume` continues it from its last checkpoint. A run
   * executing in another process on the same database (a CLI `waymark run`) also shows as
   * interrupted, since this backend cannot tell the two apart.
   */
  interrupted: boolean;
}

export type StepStatus = 'running' | 'completed' | 'failed' | 'waiting';

/**
 * One executed (or executing) step of a run, as checkpointed. The one definition: the engine's
 * checkpoint store uses it as `StepRecord`, the API returns it, the renderer shows it.
 */
export interface StepView {
  runId: string;
  idx: number;
  nodeId: string;
  nodeType: string;
  status: StepStatus;
  attempts: number;
  /** Sent as `Idempotency-Key` by side-effecting nodes; the same on every retry and resume. */
  idempotencyKey: string;
  startedAt: number;
  endedAt?: number;
  latencyMs?: number;
  /** Port the step left by (`next`, `error`, `branch:<name>`), when completed. */
  port?: string;
  output?: unknown;
  error?: ErrorInfo;
  usage: Usage;
  /** Node that runs after this step; absent at the end of the run. */
  nextNodeId?: string;
  simulated?: boolean;
  /** Set on steps a fork copied from its parent run: their outputs were reused, not re-executed. */
  reusedFrom?: string;
  /** Set when a fork or a debugger edit replaced this step's recorded output. */
  edited?: boolean;
}

/** `escalated`: nobody decided in time and a new approval (the escalation) replaced it. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'escalated';

/** An approval request and, once decided, its decision (the store's `ApprovalRecord`). */
export interface ApprovalInfo {
  id: string;
  runId: string;
  stepIdx: number;
  nodeId: string;
  status: ApprovalStatus;
  message: string;
  /** The exact structured action awaiting approval (not prose). */
  payload: unknown;
  /** JSON Schema an edited payload must match. */
  payloadSchema?: object;
  /** Who may decide; empty = anyone. */
  approvers: string[];
  /** Why a human is needed: `gate` (an approval node) or a policy rule. */
  reason: string;
  requestedAt: number;
  timeoutAt?: number;
  decidedBy?: string;
  decidedAt?: number;
  comment?: string;
  /** The payload as approved, when it was edited. */
  decidedPayload?: unknown;
  edited?: boolean;
}

/** Everything about one run: `runs.get`. */
export interface RunDetail {
  run: RunSummary;
  /** The spec snapshot the run executed (not the current document). */
  spec: WorkflowSpec;
  input: unknown;
  output?: unknown;
  error?: ErrorInfo;
  steps: StepView[];
  approvals: ApprovalInfo[];
}

/** A page of a run's trace: `runs.events`. */
export interface EventPage {
  runId: string;
  /** In `seq` order, all with `seq > afterSeq`. */
  events: EngineEvent[];
  /** Pass as `afterSeq` to get the next page. */
  nextAfterSeq: number;
  /** More events exist after this page (at the time of the call). */
  hasMore: boolean;
  /** Events recorded for the run so far (seqs run from 0 to total - 1), for sizing a virtual list. */
  total: number;
}

/** The output of a step that ran before an approval gate: the "why" of the request. */
export interface UpstreamStep {
  stepIdx: number;
  nodeId: string;
  nodeName: string;
  nodeType: string;
  status: StepStatus;
  port?: string;
  output?: unknown;
  error?: ErrorInfo;
}

/** A decision taken on the way to the gate (from `decision.taken` events). */
export interface DecisionRationale {
  stepIdx: number;
  nodeId: string;
  nodeName: string;
  branch: string;
  /** Human-readable: which rule held, or that the default branch was taken. */
  rationale: string;
  rule?: string;
  label?: string;
}

/** One approvals-inbox entry: what, why, and what it costs. `approvals.list`. */
export interface ApprovalView {
  approval: ApprovalInfo;
  runId: string;
  runStatus: RunStatus;
  specId: string;
  specName: string;
  /** The gate's display name (falls back to its id). */
  nodeName: string;
  simulate: boolean;
  /** Steps executed before the gate, in order, with their outputs. */
  upstream: UpstreamStep[];
  decisions: DecisionRationale[];
  /** What the run has spent so far. */
  cost: Usage;
}
