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
import type {
  ApprovalInfo as ApprovalRecord,
  ApprovalStatus,
  StepView as StepRecord,
  WaitInfo as WaitRecord,
  WaitKind,
  WaitStatus,
} from '../../shared/runs';
import type { CancelRequest, LeaseClaim, RunLease } from './lease';

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
  /** Who drives the run now (engine/lease.ts); absent when nobody claimed or it was released. */
  lease?: RunLease;
  /** A cancellation asked for while another process drove the run, not yet honoured. */
  cancelRequest?: CancelRequest;
}

// Step and approval records are part of the API contract, so they are defined once in
// shared/runs.ts; the store names them as records.
export type {
  StepView as StepRecord,
  ApprovalInfo as ApprovalRecord,
  ApprovalStatus,
  StepWait,
  WaitInfo as WaitRecord,
  WaitKind,
  WaitStatus,
} from '../../shared/runs';

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
  /**
   * The step's attempt count changed: `attempts` requests started so far. `retryAt` is set
   * while the step sleeps before its next attempt (backoff or `Retry-After`), after attempt
   * `attempts` failed; absent once the next attempt starts. A resume uses it to tell "the
   * last attempt failed, the next is due at `retryAt`" from "the last attempt was in flight".
   * `usage`, when given, is the step's usage so far (calls of failed attempts are billed too).
   */
  | { kind: 'step.attempt'; stepIdx: number; attempts: number; retryAt?: number; usage?: Usage }
  | { kind: 'step.complete'; step: StepRecord }
  | { kind: 'step.fail'; step: StepRecord }
  /**
   * A step parks durably: with the approval it asks for, or (a timed or event wait) with the
   * `waits` row that records it, inserted in the same transaction (its id must be new).
   */
  | { kind: 'step.wait'; step: StepRecord; approval?: ApprovalRecord; wait?: WaitRecord }
  /**
   * A wait fires: the compare-and-set `pending` → `fired` of wait `waitId` (of step
   * `stepIdx`), recording what fired it. Throws `WaitConflictError` unless it is pending, so
   * every wait fires exactly once, whoever races for it (wakers in several processes, a
   * signal against its timeout).
   */
  | { kind: 'wait.fire'; waitId: string; stepIdx: number; fire: WaitFire }
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
  | { kind: 'run.status'; status: RunStatus; usage: Usage; output?: unknown; error?: ErrorInfo; endedAt?: number }
  /**
   * Cancels a run that is not executing anywhere (waiting, paused, interrupted): every pending
   * approval of the run becomes `cancelled` (by `by`, at `at`), `step` (the step that was in
   * flight, now failed) is upserted when given, and the run ends `cancelled` with `error`.
   * Any recorded cancellation request is cleared.
   */
  | { kind: 'run.cancel'; by: string; at: number; usage: Usage; error: ErrorInfo; step?: StepRecord };

/** What fired a wait (the `wait.fire` transition). */
export interface WaitFire {
  at: number;
  by: string;
  cause: WaitKind;
  payload?: unknown;
}

/** Which waits `listWaits` returns. */
export interface WaitFilter {
  status?: WaitStatus;
  runId?: string;
  /** Only pending waits due at or before this time (epoch ms), soonest first. */
  dueBy?: number;
  /** Only signal waits for this signal name. */
  signal?: string;
  /** Only the webhook wait with this token hash. */
  tokenHash?: string;
  limit?: number;
}

/** Options of one commit. */
export interface CommitOptions {
  /** Must survive power loss when `commit` returns (see the module comment). */
  durable: boolean;
  /** The engine clock's time: the run's new `updatedAt`. */
  now: number;
  /**
   * The committing driver's lease: the commit is refused (`LeaseLostError`, nothing written)
   * unless the run is still leased to `ownerId`, and renews the lease to `now + ttlMs`.
   * Absent for writes that need no driver (approval decisions, timeouts, state edits).
   */
  lease?: { ownerId: string; ttlMs: number };
}

/** What a commit tells its driver back. */
export interface CommitResult {
  /** Set when someone asked to cancel the run (a lease commit only): stop at this step boundary. */
  cancelRequest?: CancelRequest;
}

/** What a heartbeat found: the runs still leased to the owner, and cancellations asked of them. */
export interface HeartbeatResult {
  renewed: string[];
  cancelRequests: Array<{ runId: string; request: CancelRequest }>;
}

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
   * resume). `run.lease`, when set, is the creator's lease: the run is born owned.
   * @throws RunExistsError if the id exists.
   */
  createRun(run: RunRecord, events: EngineEvent[], steps?: StepRecord[]): void;
  /**
   * Applies one transition and appends its events in a single transaction. `step.*`
   * transitions upsert the step by (runId, idx); `approval.resolve` and `approval.escalate`
   * throw `ApprovalConflictError` unless the approval is pending (checked before the event
   * sequence, so the loser of a race learns who decided); `run.status` updates the run.
   * Every commit sets the run's `updatedAt` to `now` and `nextSeq` past the last event; a
   * commit with `opts.lease` is fenced by and renews that lease.
   */
  commit(runId: string, transition: Transition, events: EngineEvent[], opts: CommitOptions): CommitResult;
  /**
   * The lease compare-and-set (`claimLeaseRule`), storing `events` (a take-over's record) in
   * the same transaction. Returns the lease now held.
   * @throws RunOwnedError when the run's lease is not the one the claim expects.
   */
  claimLease(runId: string, claim: LeaseClaim, events: EngineEvent[]): RunLease;
  /** Renews every lease `ownerId` holds to `now + ttlMs` (the driver's heartbeat). */
  heartbeat(ownerId: string, now: number, ttlMs: number): HeartbeatResult;
  /** Drops the run's lease if `ownerId` holds it; returns whether it did. */
  releaseLease(runId: string, ownerId: string): boolean;
  /**
   * Records a cancellation request for the run's owner (the first request is kept).
   * @throws RunStateError when the run does not exist or has ended.
   */
  requestCancel(runId: string, request: CancelRequest): void;
  getRun(runId: string): RunRecord | undefined;
  /** Steps in index order. */
  getSteps(runId: string): StepRecord[];
  /** Events in sequence order, after `afterSeq` (exclusive), at most `limit`. */
  getEvents(runId: string, afterSeq?: number, limit?: number): EngineEvent[];
  /** Runs newest first, without their spec snapshot loaded more than needed. */
  listRuns(filter?: RunFilter): RunRecord[];
  getApproval(approvalId: string): ApprovalRecord | undefined;
  getWait(waitId: string): WaitRecord | undefined;
  /**
   * Durable waits matching `filter`, oldest first (soonest due first with `dueBy`). A wait is
   * `closed` by the store when its step completes or fails, or its run ends.
   */
  listWaits(filter?: WaitFilter): WaitRecord[];
  listApprovals(filter?: { status?: ApprovalStatus; runId?: string }): ApprovalRecord[];
  close(): void;
}
