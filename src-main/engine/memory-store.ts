/**
 * An in-memory `CheckpointStore`, for tests, embedding and throwaway simulation runs.
 *
 * Why it exists next to the SQLite store: the engine is pure TS and must run (and be
 * tested) without IO, so it needs a store that lives in the engine layer. Both stores pass
 * the same conformance suite (test/conformance/checkpoint-store.ts), so whatever the engine
 * is tested against here behaves the same way on disk.
 *
 * Why everything is cloned: the SQLite store serialises on write and parses on read, so
 * its callers can never alias stored state. This store copies with `structuredClone` on
 * both sides to give callers the same guarantee.
 *
 * The rules every store must apply identically (event sequencing, the approval
 * compare-and-set, leases, cancellation) live in store-rules.ts and lease.ts.
 */
import type { EngineEvent } from '../../shared/events';
import { RunExistsError, RunStateError } from './errors';
import { checkLeaseHolder, claimLeaseRule, type CancelRequest, type LeaseClaim, type RunLease } from './lease';
import type {
  ApprovalRecord,
  ApprovalStatus,
  CheckpointStore,
  CommitOptions,
  CommitResult,
  HeartbeatResult,
  RunFilter,
  RunRecord,
  StepRecord,
  Transition,
  WaitFilter,
  WaitRecord,
} from './store';
import {
  cancelledApprovals,
  checkCancellable,
  checkEvents,
  checkNewApproval,
  checkPaging,
  checkNewWait,
  checkStepRun,
  compareWaits,
  decideApproval,
  escalateApproval,
  fireWaitRule,
  matchesWait,
  waitsClosedBy,
} from './store-rules';

interface RunEntry {
  run: RunRecord;
  steps: Map<number, StepRecord>;
  events: EngineEvent[];
}

/**
 * Copies through JSON, exactly as the SQLite store serialises on write and parses on read,
 * so both stores hand back the same shapes (no undefined members, plain prototypes). It is
 * also several times cheaper than structuredClone for these small records.
 */
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** A `CheckpointStore` held in memory; see the module comment. */
export class MemoryCheckpointStore implements CheckpointStore {
  /** In insertion order, which breaks `createdAt` ties in `listRuns` (newest first). */
  private readonly runs = new Map<string, RunEntry>();
  private readonly approvals = new Map<string, ApprovalRecord>();
  private readonly waits = new Map<string, WaitRecord>();
  private closed = false;

  createRun(run: RunRecord, events: EngineEvent[], steps: StepRecord[] = []): void {
    this.open();
    if (this.runs.has(run.id)) throw new RunExistsError(run.id);
    const nextSeq = checkEvents(run.id, Number.NEGATIVE_INFINITY, events);
    for (const step of steps) checkStepRun(run.id, step);
    const stored = clone(run);
    const stepMap = new Map(clone(steps).map((s) => [s.idx, s]));
    // stepCount is derived from the step records: none for a new run, the reused ones for a fork.
    stored.stepCount = stepMap.size;
    stored.nextSeq = Math.max(run.nextSeq, nextSeq);
    this.runs.set(run.id, { run: stored, steps: stepMap, events: clone(events) });
  }

  commit(runId: string, t: Transition, events: EngineEvent[], opts: CommitOptions): CommitResult {
    const entry = this.entry(runId);
    const run = entry.run;
    if (opts.lease) checkLeaseHolder(runId, run.lease, opts.lease.ownerId);
    // Validate and copy everything first, then mutate: a commit that throws changes nothing.
    // The transition is checked before the event sequence: the loser of an approval race
    // hears who decided, not that its events came too late.
    const apply = this.plan(entry, t);
    const closes = waitsClosedBy(t);
    const nextSeq = checkEvents(runId, run.nextSeq, events);
    const copies = clone(events);
    apply();
    if (closes) this.closeWaits(runId, closes.stepIdx);
    entry.events.push(...copies);
    run.stepCount = entry.steps.size;
    run.updatedAt = opts.now;
    run.nextSeq = nextSeq;
    if (opts.lease && run.lease) {
      run.lease = { ...run.lease, renewedAt: opts.now, expiresAt: opts.now + opts.lease.ttlMs };
      if (run.cancelRequest) return { cancelRequest: clone(run.cancelRequest) };
    }
    return {};
  }

  claimLease(runId: string, claim: LeaseClaim, events: EngineEvent[]): RunLease {
    const entry = this.entry(runId);
    const lease = claimLeaseRule(runId, entry.run.lease, claim);
    const nextSeq = checkEvents(runId, entry.run.nextSeq, events);
    entry.run.lease = clone(lease);
    entry.events.push(...clone(events));
    entry.run.nextSeq = nextSeq;
    if (events.length) entry.run.updatedAt = claim.now;
    return clone(lease);
  }

  heartbeat(ownerId: string, now: number, ttlMs: number): HeartbeatResult {
    this.open();
    const out: HeartbeatResult = { renewed: [], cancelRequests: [] };
    for (const { run } of this.runs.values()) {
      if (run.lease?.owner.id !== ownerId) continue;
      run.lease = { ...run.lease, renewedAt: now, expiresAt: now + ttlMs };
      out.renewed.push(run.id);
      if (run.cancelRequest) out.cancelRequests.push({ runId: run.id, request: clone(run.cancelRequest) });
    }
    return out;
  }

  releaseLease(runId: string, ownerId: string): boolean {
    this.open();
    const run = this.runs.get(runId)?.run;
    if (run?.lease?.owner.id !== ownerId) return false;
    delete run.lease;
    return true;
  }

  requestCancel(runId: string, request: CancelRequest): void {
    this.open();
    const run = this.runs.get(runId)?.run;
    checkCancellable(runId, run);
    if (run && !run.cancelRequest) run.cancelRequest = clone(request);
  }

  getRun(runId: string): RunRecord | undefined {
    this.open();
    const entry = this.runs.get(runId);
    return entry ? clone(entry.run) : undefined;
  }

  getSteps(runId: string): StepRecord[] {
    this.open();
    const entry = this.runs.get(runId);
    if (!entry) return [];
    return clone([...entry.steps.values()].sort((a, b) => a.idx - b.idx));
  }

  getEvents(runId: string, afterSeq?: number, limit?: number): EngineEvent[] {
    this.open();
    checkPaging({ limit });
    const events = this.runs.get(runId)?.events ?? [];
    const after = afterSeq === undefined ? events : events.filter((e) => e.seq > afterSeq);
    return clone(limit === undefined ? after : after.slice(0, limit));
  }

  listRuns(filter: RunFilter = {}): RunRecord[] {
    this.open();
    checkPaging(filter);
    const matching = [...this.runs.values()]
      .map((e) => e.run)
      .filter(
        (r) =>
          (filter.status === undefined || r.status === filter.status) &&
          (filter.specId === undefined || r.specId === filter.specId),
      )
      .reverse()
      .sort((a, b) => b.createdAt - a.createdAt); // stable: ties stay newest-inserted first
    const offset = filter.offset ?? 0;
    const page = matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit);
    return clone(page);
  }

  getApproval(approvalId: string): ApprovalRecord | undefined {
    this.open();
    const a = this.approvals.get(approvalId);
    return a ? clone(a) : undefined;
  }

  listApprovals(filter: { status?: ApprovalStatus; runId?: string } = {}): ApprovalRecord[] {
    this.open();
    const matching = [...this.approvals.values()].filter(
      (a) =>
        (filter.status === undefined || a.status === filter.status) &&
        (filter.runId === undefined || a.runId === filter.runId),
    );
    // Oldest request first (an inbox works through them in order); id breaks ties.
    matching.sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return clone(matching);
  }

  getWait(waitId: string): WaitRecord | undefined {
    this.open();
    const w = this.waits.get(waitId);
    return w ? clone(w) : undefined;
  }

  listWaits(filter: WaitFilter = {}): WaitRecord[] {
    this.open();
    checkPaging({ limit: filter.limit });
    const matching = [...this.waits.values()].filter((w) => matchesWait(w, filter)).sort(compareWaits(filter));
    return clone(filter.limit === undefined ? matching : matching.slice(0, filter.limit));
  }

  close(): void {
    this.closed = true;
  }

  /** Closes the open waits of a run (of one step when `stepIdx` is given). */
  private closeWaits(runId: string, stepIdx: number | undefined): void {
    for (const w of this.waits.values())
      if (w.runId === runId && w.status !== 'closed' && (stepIdx === undefined || w.stepIdx === stepIdx))
        w.status = 'closed';
  }

  /** Validates `t` against the current state and returns the mutation that applies it. */
  private plan(entry: RunEntry, t: Transition): () => void {
    const runId = entry.run.id;
    switch (t.kind) {
      case 'step.begin':
      case 'step.complete':
      case 'step.fail': {
        checkStepRun(runId, t.step);
        const step = clone(t.step);
        return () => entry.steps.set(step.idx, step);
      }
      case 'step.attempt': {
        // A pure step has no row until it ends (the engine begins only side-effecting steps
        // durably), so its retries are recorded by their events alone.
        const step = entry.steps.get(t.stepIdx);
        return () => {
          if (!step) return;
          step.attempts = t.attempts;
          if (t.retryAt !== undefined) step.retryAt = t.retryAt;
          else delete step.retryAt;
          if (t.usage) step.usage = clone(t.usage);
        };
      }
      case 'step.wait': {
        checkStepRun(runId, t.step);
        const { approval, wait } = t;
        if (approval) checkNewApproval(approval, runId, t.step.idx, this.approvals.has(approval.id));
        if (wait) checkNewWait(wait, runId, t.step.idx, this.waits.has(wait.id));
        const step = clone(t.step);
        const stored = approval && clone(approval);
        const storedWait = wait && clone(wait);
        return () => {
          entry.steps.set(step.idx, step);
          if (stored) this.approvals.set(stored.id, stored);
          if (storedWait) this.waits.set(storedWait.id, storedWait);
        };
      }
      case 'wait.fire': {
        const fired = clone(fireWaitRule(this.waits.get(t.waitId), runId, t));
        return () => this.waits.set(fired.id, fired);
      }
      case 'approval.resolve': {
        const decided = clone(decideApproval(this.approvals.get(t.decision.approvalId), runId, t.stepIdx, t.decision));
        return () => this.approvals.set(decided.id, decided);
      }
      case 'approval.escalate': {
        const { escalated, escalation } = clone(escalateApproval(this.approvals.get(t.approvalId), runId, t));
        if (this.approvals.has(escalation.id)) throw new RunStateError(`approval ${escalation.id} already exists`);
        return () => {
          this.approvals.set(escalated.id, escalated);
          this.approvals.set(escalation.id, escalation);
        };
      }
      case 'run.status': {
        // output/error/endedAt describe the status being entered: absent means cleared.
        const { status, usage, output, error, endedAt } = clone(t);
        return () => {
          const run = entry.run;
          run.status = status;
          run.usage = usage;
          if (output !== undefined) run.output = output;
          else delete run.output;
          if (error !== undefined) run.error = error;
          else delete run.error;
          if (endedAt !== undefined) run.endedAt = endedAt;
          else delete run.endedAt;
        };
      }
      case 'run.cancel': {
        if (t.step) checkStepRun(runId, t.step);
        const { by: _by, at, usage, error, step } = clone(t);
        const withdrawn = cancelledApprovals(
          [...this.approvals.values()].filter((a) => a.runId === runId),
          t,
        );
        return () => {
          for (const a of withdrawn) this.approvals.set(a.id, a);
          if (step) entry.steps.set(step.idx, step);
          const run = entry.run;
          run.status = 'cancelled';
          run.usage = usage;
          run.error = error;
          run.endedAt = at;
          delete run.output;
          delete run.cancelRequest;
        };
      }
      default: {
        const never: never = t;
        throw new RunStateError(`unknown transition ${(never as { kind: string }).kind}`);
      }
    }
  }

  private entry(runId: string): RunEntry {
    this.open();
    const entry = this.runs.get(runId);
    if (!entry) throw new RunStateError(`run ${runId} not found`);
    return entry;
  }

  private open(): void {
    if (this.closed) throw new RunStateError('checkpoint store is closed');
  }
}
