/**
 * The checkpoint store: where the engine writes every step transition, atomically with the
 * events that describe it. Two implementations pass one conformance suite
 * (test/conformance/checkpoint-store.ts): `MemoryCheckpointStore` (engine/, for tests and
 * embedding) and `SqliteCheckpointStore` (storage/, durable).
 *
 * Durability: a transition marked `durable: true` must survive power loss when `commit`
 * returns (SQLite: synchronous=FULL for that commit). The engine marks as durable the begin
 * of a side-effecting step (a barrier before the side effect), every approval request and
 * decision, and the end of a run. Everything else need only survive a process crash.
 */
import type { EngineEvent, ErrorInfo, RunStatus, Usage } from '../../shared/events';
import type { WorkflowSpec } from '../../shared/spec/schema';

export type StepStatus = 'running' | 'completed' | 'failed' | 'waiting';

export interface RunRecord {
  id: string;
  specId: string;
  specName: string;
  /** The exact spec the run executes (runs keep their own snapshot). */
  spec: WorkflowSpec;
  input: unknown;
  status: RunStatus;
  simulate: boolean;
  trigger: string;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  output?: unknown;
  error?: ErrorInfo;
  parentRunId?: string;
  forkedFromStep?: number;
  usage: Usage;
  /** Number of step records. */
  stepCount: number;
  /** Next event sequence number to use. */
  nextSeq: number;
}

export interface StepRecord {
  runId: string;
  idx: number;
  nodeId: string;
  nodeType: string;
  status: StepStatus;
  attempts: number;
  idempotencyKey: string;
  startedAt: number;
  endedAt?: number;
  latencyMs?: number;
  /** Port the step left by (`next`, `error`, `branch:<name>`), when completed. */
  port?: string;
  output?: unknown;
  error?: ErrorInfo;
  usage: Usage;
  /** Node to run after this step; undefined at the end of the run. */
  nextNodeId?: string;
  simulated?: boolean;
  /** Set on steps a fork copied from its parent run: their outputs were reused, not re-executed. */
  reusedFrom?: string;
  /** Set when a fork replaced this step's recorded output with an edited one. */
  edited?: boolean;
}

/** `escalated`: nobody decided in time and a new approval (the escalation) replaced this one. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'escalated';

export interface ApprovalRecord {
  id: string;
  runId: string;
  stepIdx: number;
  nodeId: string;
  status: ApprovalStatus;
  message: string;
  /** The structured action awaiting approval. */
  payload: unknown;
  payloadSchema?: object;
  approvers: string[];
  /** Why a human is needed: `gate` (an approval node) or a policy rule. */
  reason: string;
  requestedAt: number;
  timeoutAt?: number;
  decidedBy?: string;
  decidedAt?: number;
  comment?: string;
  /** Payload as approved (possibly edited). */
  decidedPayload?: unknown;
  edited?: boolean;
}

export interface ApprovalDecision {
  approvalId: string;
  decision: 'approved' | 'rejected';
  by: string;
  comment?: string;
  /** Edited payload; absent means the requested payload as is. */
  payload?: unknown;
  at: number;
}

/** A step transition, committed atomically together with its events. */
export type Transition =
  | { kind: 'step.begin'; step: StepRecord }
  | { kind: 'step.attempt'; stepIdx: number; attempts: number }
  | { kind: 'step.complete'; step: StepRecord }
  | { kind: 'step.fail'; step: StepRecord }
  | { kind: 'step.wait'; step: StepRecord; approval: ApprovalRecord }
  | { kind: 'approval.resolve'; decision: ApprovalDecision; stepIdx: number }
  /**
   * An approval timed out and escalates: `approvalId` (which must be pending) becomes
   * `escalated` (by `by`, at `at`) and `escalation`, a new pending approval of the same step,
   * replaces it. Compare-and-set like `approval.resolve`.
   */
  | { kind: 'approval.escalate'; approvalId: string; stepIdx: number; by: string; at: number; escalation: ApprovalRecord }
  | { kind: 'run.status'; status: RunStatus; usage: Usage; output?: unknown; error?: ErrorInfo; endedAt?: number };

export interface RunFilter {
  status?: RunStatus;
  specId?: string;
  limit?: number;
  offset?: number;
}

export interface CheckpointStore {
  /**
   * Creates a run and stores its first events, and — for a fork — the steps it reuses from
   * its parent, all in one transaction (a half-copied fork would re-run side effects on
   * resume). Throws if the id exists.
   */
  createRun(run: RunRecord, events: EngineEvent[], steps?: StepRecord[]): void;
  /**
   * Applies one transition and appends its events in a single transaction. `step.*`
   * transitions upsert the step by (runId, idx); `approval.resolve` and `approval.escalate`
   * throw `ApprovalConflictError` unless the approval is pending; `run.status` updates the run.
   * Every commit sets the run's `updatedAt` to `now` and `nextSeq` past the last event.
   */
  commit(runId: string, transition: Transition, events: EngineEvent[], opts: { durable: boolean; now: number }): void;
  getRun(runId: string): RunRecord | undefined;
  /** Steps in index order. */
  getSteps(runId: string): StepRecord[];
  /** Events in sequence order, after `afterSeq` (exclusive), at most `limit`. */
  getEvents(runId: string, afterSeq?: number, limit?: number): EngineEvent[];
  /** Runs newest first, without their spec snapshot loaded more than needed. */
  listRuns(filter?: RunFilter): RunRecord[];
  getApproval(approvalId: string): ApprovalRecord | undefined;
  listApprovals(filter?: { status?: ApprovalStatus; runId?: string }): ApprovalRecord[];
  close(): void;
}
