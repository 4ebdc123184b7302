/**
 * The run loop: drives one run from its checkpointed position, step by step, until it ends,
 * waits for a human or pauses. It owns the scheduling decisions — which runs execute in this
 * process (claim/release), debugger pauses at step boundaries, the durable barrier before a
 * side effect, cancellation, approval ids, error routing and loop bounds (routing.ts) — and
 * commits each step through one path that scrubs secrets. What each commit contains comes
 * from the transition builders (step-transitions.ts, run-transitions.ts); the state of one
 * drive is in drive.ts, run claims in run-claims.ts, what the executor is handed for a step in
 * step-request.ts. The Engine facade (engine.ts) calls in.
 *
 * Deterministic: the next node depends only on the spec, the input and recorded outputs.
 */
import { addUsage, ZERO_USAGE, type EngineEvent, type ErrorInfo } from '../../shared/events';
import type { EngineDeps, RunOutcome } from './contracts';
import { DebugSessions } from './debug';
import { advance, attemptsBefore, openDrive, recordOutput, waitUntilRetryDue, type Drive } from './drive';
import { executeStep, type StepOutcome } from './executor';
import { endIdleRun } from './cancel';
import { RunStateError } from './errors';
import type { EventBuffer } from './event-buffer';
import type { NodePlan } from './plan';
import { RunClaims, cancelledBy } from './run-claims';
import { RunRedactor, RunRedactors } from './redact';
import { routeCompleted, routeFailed } from './routing';
import { runFinishes, runPauses, runResumes, runStatus, runWaits, type FinalStatus } from './run-transitions';
import {
  stepBase,
  stepCancelled,
  stepCompleted,
  stepFailed,
  stepStarted,
  stepWaits,
  stepWaitsUntil,
} from './step-transitions';
import type { RunRecord, StepRecord, Transition } from './store';
import { stepRequest } from './step-request';
import { WaitConflictError } from './errors';
import {
  APPROVAL_WAIT,
  TIMER_ACTOR,
  checkWait,
  nextApprovalId,
  undeclaredTimedWait,
  waitFires,
  waitRow,
  type WaitCheck,
} from './waits';

/** Drives runs; see the module comment. One per Engine. */
/** Distinct default owners for engines in one process (composition roots name theirs). */
let engines = 0;

export class RunLoop {
  /** The runs this engine drives, and their leases (run-claims.ts). */
  readonly claims: RunClaims;
  readonly debug = new DebugSessions();
  /** Secret values per executing run, scrubbed from everything committed (engine/redact.ts). */
  readonly redactors = new RunRedactors();

  constructor(private readonly deps: EngineDeps) {
    const id = () => `own_${deps.clock.now().toString(36)}_${++engines}`;
    this.claims = new RunClaims(deps.store, deps.clock, id, deps.lease, (evs) => this.publish(evs));
  }

  /** Whether a run is executing in this process. */
  isExecuting(runId: string): boolean {
    return this.claims.has(runId);
  }

  /** Stops a run executing in this process at its current step; it ends as cancelled. */
  cancel(runId: string, reason?: Error): boolean {
    return this.claims.cancel(runId, reason);
  }

  /** Hands committed events to the listener. */
  publish(events: EngineEvent[]): void {
    const on = this.deps.onEvent;
    if (on) for (const e of events) on(e);
  }

  /**
   * The one path from the loop to the store: secret values are scrubbed here, never per node.
   * A run claimed here commits under its lease (fenced, renewed), and a cancellation asked
   * for elsewhere comes back with the commit: the drive stops at this step boundary.
   */
  commit(runId: string, t: Transition, events: EventBuffer, durable: boolean): void {
    const red = this.redactorOf(runId);
    const evs = red.scrub(events.take());
    const lease = this.claims.leaseOf(runId);
    const now = this.deps.clock.now();
    const r = this.deps.store.commit(runId, red.scrub(t), evs, {
      durable,
      now,
      ...(lease ? { lease } : {}),
    });
    this.publish(evs);
    if (r.cancelRequest) this.claims.cancel(runId, cancelledBy(runId, r.cancelRequest));
  }

  /**
   * The redactor of a run executing here; for a commit to a run that is not (a state edit on a
   * paused run, a cancellation of an idle one), one made from its spec for this commit.
   */
  private redactorOf(runId: string): RunRedactor {
    const open = this.redactors.get(runId);
    if (open) return open;
    const run = this.deps.store.getRun(runId);
    return new RunRedactor(run?.spec ?? { secrets: [] }, this.deps.secrets);
  }

  /**
   * Runs steps from the run's checkpointed position until it ends, waits or pauses, holding
   * its lease throughout (run-claims.ts).
   * @throws RunOwnedError when another process drives the run.
   */
  async drive(runId: string, loaded?: RunRecord, first?: (held: RunRecord) => RunRecord): Promise<RunOutcome> {
    const run = loaded ?? this.deps.store.getRun(runId);
    if (!run) throw new RunStateError(`there is no run "${runId}"`);
    const claim = this.claims.claim(run);
    try {
      // What the caller records under the lease before any step (an approval decision): a rival
      // meets the lease, never a change nobody is continuing. It returns the run as now stored.
      const held = first ? first(claim.run) : claim.run;
      // Asked to cancel while nobody drove it: end it now, whatever it was waiting for.
      const asked = held.cancelRequest;
      if (asked) return this.cancelHeld(held, asked.by, this.deps.clock.now());
      return await this.loop(openDrive(this.deps, this.redactors, runId, claim.signal, held));
    } finally {
      this.claims.release(runId);
      this.redactors.leave(runId);
    }
  }

  /**
   * Cancels a run nobody is executing (waiting, paused, interrupted): claims it, withdraws its
   * pending approvals, fails its step in flight and ends it (cancel.ts).
   * @throws RunOwnedError when another process drives it after all (it raced us to the lease).
   */
  cancelIdle(run: RunRecord, by: string): RunOutcome {
    const claim = this.claims.claim(run);
    try {
      return this.cancelHeld(claim.run, by, this.deps.clock.now());
    } finally {
      this.claims.release(run.id);
    }
  }

  /** The body of a cancellation under the run's lease, held by this engine. */
  private cancelHeld(run: RunRecord, by: string, at: number): RunOutcome {
    this.debug.clear(run.id);
    return endIdleRun(this.deps, run, by, at, (t, events) => this.commit(run.id, t, events, true));
  }

  /**
   * Re-entering a run that already has steps: a run whose wait has not resolved stays
   * waiting, a run whose last step failed unhandled ends failed, anything else records
   * `run.resumed`. Returns the outcome when the run does not go on.
   */
  private reenter(d: Drive): RunOutcome | undefined {
    const { run, runId, pos, events } = d;
    if (run.status === 'waiting' || pos.pending?.status === 'waiting') {
      const check = this.checkFiring(d);
      if (!check.resolved) {
        if (run.status !== 'waiting') this.commit(runId, runStatus('waiting', d.usage), events, true);
        return {
          runId,
          status: 'waiting',
          usage: d.usage,
          ...(check.approvalId ? { approvalId: check.approvalId } : {}),
          wait: check.wait,
        };
      }
      d.resolved = check;
    }
    if (pos.last && !pos.pending && pos.last.status === 'failed' && pos.last.nextNodeId === undefined) {
      return this.finish(d, 'failed', undefined, pos.last.error);
    }
    if (run.stepCount > 0 || pos.pending) this.commit(runId, runResumes(events, pos.nextIdx, d.usage), events, false);
    return undefined;
  }

  /**
   * Checks the wait the run is parked at; one whose time has come but that nobody fired yet
   * is fired here, under the run's lease (compare-and-set: if a signal or another waker won
   * the race, what it recorded is what the step resumes with).
   */
  private checkFiring(d: Drive): WaitCheck {
    const { store, clock } = this.deps;
    const check = checkWait(store, d.runId, d.pos.pending, clock.now());
    if (check.resolved || !check.due) return check;
    try {
      const fire = { at: clock.now(), by: TIMER_ACTOR, cause: 'time' as const };
      this.commit(d.runId, waitFires(d.events, check.due, fire), d.events, true);
    } catch (e) {
      if (!(e instanceof WaitConflictError)) throw e;
      d.events.take(); // the loser's event was never stored
    }
    return checkWait(store, d.runId, d.pos.pending, clock.now());
  }

  private async loop(d: Drive): Promise<RunOutcome> {
    const early = this.reenter(d);
    if (early) return early;
    const { run, runId, events } = d;
    const { clock } = this.deps;
    let pending = d.pos.pending;
    // Continuing a paused run: the node it paused before runs without pausing again.
    const continuingAt = run.status === 'paused' ? d.pos.nextIdx : -1;
    while (d.nodeId !== undefined) {
      // A cancellation (asked here, by a heartbeat or with a commit) is honoured at a step boundary.
      if (d.signal.aborted) return this.stopCancelled(d, pending?.idx === d.idx ? pending : undefined);
      const nodeId = d.nodeId;
      const np = d.plan.nodes.get(nodeId) as NodePlan;
      const resumedHere = pending?.idx === d.idx;
      const waitingHere = resumedHere && pending?.status === 'waiting';
      const priorAttempts = resumedHere ? attemptsBefore(pending as StepRecord) : 0;
      // A step interrupted in its retry pause waits out the rest of it first.
      if (resumedHere && !(await waitUntilRetryDue(d, pending as StepRecord, clock)))
        return this.stopCancelled(d, pending);
      const base = stepBase(runId, d.idx, nodeId, np.node.type, priorAttempts, clock.now());
      if (!resumedHere) {
        // A debugger pause happens at a step boundary, never inside a step; the node a pause
        // stopped at runs when the run continues.
        const reason = this.debug.pauseBefore(runId, nodeId, d.idx === continuingAt);
        if (reason) {
          this.commit(runId, runPauses(events, nodeId, d.idx, reason, d.usage), events, false);
          return { runId, status: 'paused', usage: d.usage };
        }
      }
      if (!waitingHere) {
        // A durable barrier before anything that touches the outside world.
        const begin = stepStarted(events, base, priorAttempts, np.external, np.external && !run.simulate);
        if (begin) this.commit(runId, begin, events, true);
      }

      let outcome: StepOutcome;
      try {
        const carried = {
          priorAttempts,
          ...(resumedHere && pending!.usage ? { priorUsage: pending!.usage } : {}),
          ...(waitingHere && d.resolved ? { resolved: d.resolved } : {}),
        };
        const commit = (t: Transition, evs: EventBuffer) => this.commit(runId, t, evs, false);
        outcome = await executeStep(stepRequest(d, np, base, carried, clock, commit), d.ports);
      } catch (e) {
        if (!d.signal.aborted) throw e;
        return this.stopCancelled(d, base);
      }
      pending = undefined;
      const endedAt = clock.now();
      const stop =
        outcome.kind === 'wait'
          ? this.waits(d, np, base, outcome, endedAt)
          : outcome.kind === 'failed'
            ? this.failed(d, np, base, outcome, endedAt)
            : this.completed(d, np, base, outcome, endedAt);
      if (stop) return stop;
    }
    // The fold found a finished terminal step but the run was never marked completed (crash in between).
    return this.finish(d, 'completed', d.pos.scope.prev);
  }

  /** Ends a cancelled drive: the step in flight (if any) fails as cancelled, then the run ends so. */
  private stopCancelled(d: Drive, inFlight: StepRecord | undefined): RunOutcome {
    const error: ErrorInfo = {
      code: 'cancelled',
      message: (d.signal.reason as Error)?.message ?? 'cancelled',
      retryable: false,
    };
    if (inFlight) this.commit(d.runId, stepCancelled(inFlight, error, this.deps.clock.now()), d.events, false);
    return this.finish(d, 'cancelled', undefined, error);
  }

  /**
   * The step parks durably: asking a human (an approval), or in a timed wait state its type
   * declares. The step's wait and the run's waiting status are both committed durably.
   */
  private waits(
    d: Drive,
    np: NodePlan,
    base: StepRecord,
    outcome: Extract<StepOutcome, { kind: 'wait' }>,
    endedAt: number,
  ): RunOutcome | undefined {
    const { runId, events, usage } = d;
    if ('wait' in outcome) {
      const { state, until, on } = outcome.wait;
      const error = undeclaredTimedWait(np, state, on !== undefined);
      if (error) {
        const failed = { kind: 'failed' as const, error, usage: ZERO_USAGE, attempts: outcome.attempts };
        return this.failed(d, np, base, failed, endedAt);
      }
      // A step may wait more than once (a node that waits again after waking): one row each.
      const before = this.deps.store.listWaits({ runId }).filter((w) => w.stepIdx === base.idx).length;
      const { row, hookPath } = waitRow(base, outcome.wait, endedAt, () => this.deps.random.id('whk'));
      if (before) row.id = `${row.id}_${before + 1}`;
      this.commit(runId, stepWaitsUntil(events, base, outcome, row), events, true);
      this.commit(runId, runWaits(events, base.nodeId, { state, until }, usage), events, true);
      return {
        runId,
        status: 'waiting',
        usage,
        wait: { state, until, waitId: row.id },
        ...(hookPath ? { hookPath } : {}),
      };
    }
    const approvalId = nextApprovalId(this.deps.store, runId, base.idx);
    this.commit(runId, stepWaits(events, base, outcome, approvalId, endedAt), events, true);
    this.commit(runId, runWaits(events, base.nodeId, { approvalId }, usage), events, true);
    return { runId, status: 'waiting', approvalId, usage, wait: { state: APPROVAL_WAIT } };
  }

  /** The step failed: its error edge continues the run (handled), else the run fails. */
  private failed(
    d: Drive,
    np: NodePlan,
    base: StepRecord,
    outcome: Extract<StepOutcome, { kind: 'failed' }>,
    endedAt: number,
  ): RunOutcome | undefined {
    const { runId, events, pos } = d;
    const nodeId = base.nodeId;
    d.usage = addUsage(d.usage, outcome.usage);
    const next = routeFailed(d.plan.graph, pos, nodeId);
    const output = { error: outcome.error };
    this.commit(runId, stepFailed(events, base, outcome, endedAt, next, output), events, np.external);
    if (next === undefined) return this.finish(d, 'failed', undefined, outcome.error);
    recordOutput(d, nodeId, output);
    advance(d, next);
    return undefined;
  }

  /** The step completed: follow the edge of its port (loop bounds respected), or end the run at a terminal node. */
  private completed(
    d: Drive,
    np: NodePlan,
    base: StepRecord,
    outcome: Extract<StepOutcome, { kind: 'done' }>,
    endedAt: number,
  ): RunOutcome | undefined {
    const { runId, events, pos } = d;
    const nodeId = base.nodeId;
    d.usage = addUsage(d.usage, outcome.usage);
    const route = np.terminal ? undefined : routeCompleted(d.plan.graph, pos, nodeId, outcome.port);
    const next = route?.next;
    this.commit(runId, stepCompleted(events, base, outcome, endedAt, next), events, np.external && !d.run.simulate);
    recordOutput(d, nodeId, outcome.output);
    if (route?.error) return this.finish(d, 'failed', undefined, route.error);
    if (np.terminal) return this.finish(d, 'completed', outcome.output);
    this.debug.completed(runId, nodeId);
    advance(d, next);
    return undefined;
  }

  /** Ends the run durably with `status`; the outcome is scrubbed like everything committed. */
  private finish(d: Drive, status: FinalStatus, output?: unknown, error?: ErrorInfo): RunOutcome {
    const { runId, events, usage } = d;
    this.debug.clear(runId);
    this.commit(runId, runFinishes(events, d.run, status, usage, this.deps.clock.now(), output, error), events, true);
    return this.redactors.scrub(runId, {
      runId,
      status,
      usage,
      ...(output !== undefined ? { output } : {}),
      ...(error ? { error } : {}),
    });
  }
}
