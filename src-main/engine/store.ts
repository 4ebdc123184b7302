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
import type { ApprovalInfo as ApprovalRecord, ApprovalStatus, StepView as StepRecord } from '../../shared/runs';

export type { StepStatus } from '../../shared/runs';
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

// Step and approval records are part of the API contract, so they are defined once in
// shared/runs.ts; the store names them as records.
export type { StepView as StepRecord, ApprovalInfo as ApprovalRecord, ApprovalStatus } from '../../shared/runs';

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
  | {
      kind: 'approval.escalate';
      approvalId: string;
      stepIdx: number;
      by: string;
      at: number;
      escalation: ApprovalRecord;
    }
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
