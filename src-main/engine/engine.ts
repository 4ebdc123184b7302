/**
 * The Engine: the public API of a run's life — start, resume, decide, fork, time out, debug
 * (breakpoints, pause, continue, step, edit state) and cancel. Each call checks what it is
 * given, commits what it decides, and hands the run to the run loop (run-loop.ts), which
 * drives it until it ends, waits for a human or pauses.
 */
import { isReservedName, reservedNameMessage } from '../../shared/identity';
import { canonicalJson } from '../../shared/spec/canonical';
import { SPEC_LIMITS, tooDeepAt } from '../../shared/spec/limits';
import { loadSpecDocument } from '../../shared/spec/load';
import { inProcessSandbox, validateBounded } from './bounded';
import type { CancelResult, Decision, EngineDeps, RunOutcome, StartOptions, TimeoutReport } from './contracts';
import type { Breakpoints } from './debug';
import { ApprovalConflictError, InputInvalidError, RunStateError, SpecInvalidError } from './errors';
import { EventBuffer } from './event-buffer';
import { planFork, type ForkOptions } from './fork';
import { applyDueTimeouts, type TimeoutResult } from './policy/timeouts';
import { RunRedactor } from './redact';
import { RunOwnedError, type LeaseOwner, type RunLease } from './lease';
import { cancelledBy } from './run-claims';
import { RunLoop } from './run-loop';
import { checkCancellable } from './store-rules';
import { planRun } from './plan';
import type { SandboxPort } from './ports';
import { foldSteps } from './state';
import type { ApprovalRecord, RunRecord } from './store';
import { dueWaits, type DueWait } from './waits';
import { callHook, fireDue, sendSignal, type FiredWait, type HookCall, type SignalRequest } from './wake';
import { approvalResolved, newRun, stateEdited } from './run-transitions';

/** Throws `InputInvalidError` when `value` nests deeper than run data may (JSON tools overflow their stack). */
function checkDepth(value: unknown, root: string, what: string): void {
  const deepAt = tooDeepAt(value);
  if (!deepAt) return;
  const at = deepAt.replace(/^\$/, root);
  const limit = SPEC_LIMITS.maxDataDepth;
  throw new InputInvalidError(
    `${what} is nested too deeply: more than ${limit} levels of objects and arrays at ${at}`,
    [{ path: at, message: `is nested more than ${limit} levels deep` }],
  );
}

/**
 * Throws `InputInvalidError` naming every place `value` breaks `schema`; `root` names the
 * value in paths (`$input`, `$payload`) and `what` in the message. The check is bounded
 * (engine/bounded.ts): a schema check over its limit is invalid input too, never a hang.
 */
async function checkAgainst(
  sandbox: SandboxPort,
  schema: object,
  value: unknown,
  root: string,
  what: string,
): Promise<void> {
  const subject = root === '$input' ? 'The run input' : 'The edited payload';
  checkDepth(value, root, subject.replace(/^The/, 'the'));
  const issues = await validateBounded({ sandbox, subject }, schema, value).catch((e: unknown) => {
    throw new InputInvalidError((e as Error).message, []);
  });
  if (!issues.length) return;
  const named = issues.map((i) => ({ path: i.path.replace(/^\$/, root), message: i.message }));
  throw new InputInvalidError(`${what}: ${named.map((i) => `${i.path} ${i.message}`).join('; ')}`, named);
}

/** "approval apr_1 was already approved by bob at …": what a late approver is told. */
function alreadyDecided(a: ApprovalRecord): ApprovalConflictError {
  const by = a.decidedBy ? ` by ${a.decidedBy}` : '';
  const at = a.decidedAt ? ` at ${new Date(a.decidedAt).toISOString()}` : '';
  return new ApprovalConflictError(`approval ${a.id} was already ${a.status}${by}${at}`);
}

/** See the module comment. One Engine per store; a run executes in at most one Engine at a time. */
export class Engine {
  private readonly loop: RunLoop;

  constructor(private readonly deps: EngineDeps) {
    this.loop = new RunLoop(deps);
  }

  private get sandbox(): SandboxPort {
    return this.deps.sandbox ?? inProcessSandbox();
  }

  /** Validates the spec and input, creates the run, and drives it until it ends or waits. */
  async start(specDoc: unknown, input: unknown, opts: StartOptions = {}): Promise<RunOutcome> {
    const loaded = loadSpecDocument(specDoc, this.deps.registry);
    if (!loaded.spec || !loaded.ok) throw new SpecInvalidError(loaded.problems);
    const spec = loaded.spec;
    await checkAgainst(
      this.sandbox,
      spec.input,
      input ?? {},
      '$input',
      'run input does not match the workflow input schema',
    );
    const { clock, random, store } = this.deps;
    const now = clock.now();
    const runId = opts.runId ?? random.id('run');
    const events = new EventBuffer(runId, 0, clock);
    // Born owned: the run's lease is this engine's from its first commit.
    const run = { ...newRun(events, spec, input, runId, opts, now), lease: this.loop.claims.newLease(now) };
    const red = new RunRedactor(spec, this.deps.secrets);
    const first = red.scrub(events.take());
    store.createRun(red.scrub(run), first);
    this.loop.publish(first);
    return this.loop.drive(runId);
  }

  /** Continues a run that was interrupted (crash, kill) from its last checkpoint. */
  async resume(runId: string): Promise<RunOutcome> {
    const run = this.mustGetRun(runId);
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
      const ended = run.status === 'completed' ? 'completed' : run.status === 'failed' ? 'failed' : 'been cancelled';
      throw new RunStateError(`run ${runId} has already ${ended}; nothing to resume`);
    }
    return this.loop.drive(runId, run);
  }

  /** Records a human decision (once, durably) and continues the run. */
  async decide(d: Decision): Promise<RunOutcome> {
    const { store, clock } = this.deps;
    const a = store.getApproval(d.approvalId);
    if (!a) throw new RunStateError(`there is no approval "${d.approvalId}"`);
    if (a.status !== 'pending') throw alreadyDecided(a);
    // `system:` names are the engine's own (timeouts); no human may decide as one, in any spelling.
    if (isReservedName(d.by)) throw new RunStateError(reservedNameMessage(d.by));
    // An approver is named by OS account (what the host vouches for) or by display name.
    if (a.approvers.length && !a.approvers.includes(d.by) && !(d.account && a.approvers.includes(d.account))) {
      const as = d.account ? ` (OS account ${d.account})` : '';
      throw new RunStateError(`"${d.by}"${as} may not decide approval ${a.id}; approvers: ${a.approvers.join(', ')}`);
    }
    if (d.payload !== undefined) checkDepth(d.payload, '$payload', 'the edited payload');
    const edited = d.payload !== undefined && canonicalJson(d.payload) !== canonicalJson(a.payload);
    if (edited && d.decision === 'approved' && a.payloadSchema) {
      await checkAgainst(
        this.sandbox,
        a.payloadSchema,
        d.payload,
        '$payload',
        'edited payload does not match the payload schema',
      );
    }
    const run = this.mustGetRun(a.runId);
    const lease = { ownerId: this.loop.claims.owner.id, ttlMs: this.loop.claims.ttlMs };
    // The decider claims the run first and records the decision under that lease, so whoever
    // decided is whoever continues: a rival approver meets the lease (and is told who holds
    // it), never a decided run that nobody is continuing yet.
    try {
      return await this.loop.drive(run.id, run, (held) => {
        const now = clock.now();
        const fresh = store.getApproval(a.id);
        if (!fresh || fresh.status !== 'pending') throw alreadyDecided(fresh ?? a);
        const events = new EventBuffer(held.id, held.nextSeq, clock);
        const t = approvalResolved(events, a, d, edited, now);
        // Nothing has run under this lease yet, so there is no redactor: one for this commit.
        const red = new RunRedactor(held.spec, this.deps.secrets);
        const evs = red.scrub(events.take());
        store.commit(held.id, red.scrub(t), evs, { durable: true, now, lease });
        this.loop.publish(evs);
        return this.mustGetRun(held.id);
      });
    } catch (e) {
      // Another approver holds the run: it won the race, or is recording its decision right now.
      if (e instanceof RunOwnedError) {
        const fresh = store.getApproval(a.id);
        if (fresh && fresh.status !== 'pending') throw alreadyDecided(fresh);
        throw new ApprovalConflictError(
          `approval ${a.id} is being decided in ${e.lease.owner.label} right now; \`waymark show ${a.runId}\` shows the decision`,
          'deciding',
        );
      }
      throw e;
    }
  }

  /**
   * Applies the timeout action of every approval overdue at `now` (default: the clock),
   * durably; see engine/policy/timeouts.ts. With `continueRuns`, runs whose approval was
   * decided by the timeout are continued here (escalated ones keep waiting). Hosts call
   * this on an interval; the CLI calls it before it reads or decides runs.
   */
  async processTimeouts(opts: { now?: number; continueRuns?: boolean } = {}): Promise<TimeoutReport[]> {
    const applied: TimeoutReport[] = this.applyTimeouts(opts.now);
    if (opts.continueRuns) {
      for (const r of applied) {
        if (r.action === 'escalated' || this.loop.isExecuting(r.runId)) continue;
        try {
          r.outcome = await this.loop.drive(r.runId);
        } catch (e) {
          r.error = (e as Error).message;
        }
      }
    }
    return applied;
  }

  /**
   * Runs whose timed wait is due at `now` (default: the clock); see waits.ts. Hosts continue
   * them (`resume`) from their sweeper; nothing is changed here.
   */
  dueWaits(now: number = this.deps.clock.now()): DueWait[] {
    return dueWaits(this.deps.store, now).filter((w) => !this.loop.isExecuting(w.runId));
  }

  /**
   * Sends a signal: fires every pending signal wait it addresses (by run, by correlation keys,
   * or all waiting for the name) whose match holds, exactly once each. The caller continues
   * the runs (`resume`), here or in any other process.
   */
  async signal(req: SignalRequest): Promise<FiredWait[]> {
    if (isReservedName(req.by)) throw new RunStateError(reservedNameMessage(req.by));
    checkDepth(req.payload, '$payload', 'the signal payload');
    return sendSignal(this.deps, req, (evs) => this.loop.publish(evs));
  }

  /** A call to a webhook wait's URL (wake.ts `callHook`); the caller continues the run. */
  async webhook(call: HookCall): ReturnType<typeof callHook> {
    checkDepth(call.body, '$body', 'the webhook body');
    return callHook(this.deps, call, (evs) => this.loop.publish(evs));
  }

  /**
   * Fires a due wait for a host's waker: the compare-and-set that makes a wake happen exactly
   * once across processes. False when another waker (or a signal) fired it first.
   */
  fireDue(waitId: string): boolean {
    return fireDue(this.deps, waitId, (evs) => this.loop.publish(evs));
  }

  /** Applies overdue approval timeouts durably without continuing any run (what reads do first). */
  applyTimeouts(now: number = this.deps.clock.now()): TimeoutResult[] {
    const { store, clock, registry } = this.deps;
    return applyDueTimeouts({ store, clock, catalog: registry, publish: (evs) => this.loop.publish(evs) }, now);
  }

  /**
   * Forks a run from one of its completed steps (see fork.ts): the new run reuses recorded
   * outputs up to `fromStep`, optionally with edited node outputs, and continues live.
   */
  async fork(parentRunId: string, opts: ForkOptions): Promise<RunOutcome> {
    const { store, clock, random } = this.deps;
    const parent = this.mustGetRun(parentRunId);
    const { startId } = planRun(parent.spec, this.deps.registry);
    const steps = store.getSteps(parentRunId);
    const plan = planFork(parent, steps, opts, opts.runId ?? random.id('run'), clock.now(), startId);
    // Edited outputs are human input: a pasted secret value is scrubbed like any other.
    const red = new RunRedactor(parent.spec, this.deps.secrets);
    const events = red.scrub(plan.events);
    const run = { ...plan.run, lease: this.loop.claims.newLease(plan.run.createdAt) };
    store.createRun(red.scrub(run), events, red.scrub(plan.steps));
    this.loop.publish(events);
    return this.loop.drive(plan.run.id);
  }

  /** Sets the breakpoints of a run (before / after node ids); they apply from its next step. */
  setBreakpoints(runId: string, bps: Breakpoints): void {
    this.loop.debug.setBreakpoints(runId, bps);
  }

  /** The breakpoints set for a run. */
  breakpoints(runId: string): { before: string[]; after: string[] } {
    return this.loop.debug.breakpoints(runId);
  }

  /** Asks a run executing in this process to pause at its next step boundary. */
  pause(runId: string): boolean {
    if (!this.loop.isExecuting(runId)) return false;
    this.loop.debug.requestPause(runId);
    return true;
  }

  /** Continues a paused run until it ends, waits, or reaches a breakpoint. */
  async continue(runId: string): Promise<RunOutcome> {
    return this.loop.drive(runId, this.mustBePaused(runId));
  }

  /** Runs exactly one more node of a paused run, then pauses again. */
  async step(runId: string): Promise<RunOutcome> {
    const run = this.mustBePaused(runId);
    this.loop.debug.stepOnce(runId);
    return this.loop.drive(runId, run);
  }

  /**
   * Replaces a node's output in a paused run's state before it continues. Recorded as a step
   * of its own (the history keeps the original output) with a `state.edited` event.
   */
  editState(runId: string, nodeId: string, output: unknown, by: string): void {
    const { store, clock } = this.deps;
    const run = this.mustGetRun(runId);
    if (run.status !== 'paused')
      throw new RunStateError(`run ${runId} is ${run.status}; pause it before editing its state`);
    const plan = planRun(run.spec, this.deps.registry);
    const pos = foldSteps(plan.graph, plan.startId, run.input, store.getSteps(runId));
    if (!Object.hasOwn(pos.scope.nodes, nodeId)) {
      throw new RunStateError(
        `node "${nodeId}" has no output yet in run ${runId}; nodes with outputs: ${Object.keys(pos.scope.nodes).join(', ')}`,
      );
    }
    const now = clock.now();
    const events = new EventBuffer(runId, run.nextSeq, clock);
    const at = { idx: pos.nextIdx, nextNodeId: pos.nextNodeId };
    const t = stateEdited(events, runId, at, nodeId, pos.scope.nodes[nodeId], output, by, now);
    this.loop.commit(runId, t, events, true);
  }

  /** Stops a run that is executing in this process; it ends as cancelled. */
  cancel(runId: string): boolean {
    return this.loop.cancel(runId);
  }

  /**
   * Cancels a run in any state that has not ended: one executing here stops at once; one
   * waiting, paused or interrupted ends now (its pending approvals withdrawn); one driven by
   * another process gets a cancellation request its owner honours at its next step boundary.
   * @throws RunStateError when the run does not exist or has already ended.
   */
  cancelRun(runId: string, by: string): CancelResult {
    const run = this.mustGetRun(runId);
    checkCancellable(runId, run);
    const at = this.deps.clock.now();
    if (this.loop.cancel(runId, cancelledBy(runId, { by, at }))) return { cancelled: true };
    const elsewhere = this.loop.claims.heldElsewhere(run, at);
    if (elsewhere) {
      this.deps.store.requestCancel(runId, { by, at });
      return { cancelled: false, requested: true, drivenBy: elsewhere };
    }
    this.loop.cancelIdle(run, by);
    return { cancelled: true };
  }

  /**
   * Renews the leases of the runs this engine drives and honours cancellations asked for
   * elsewhere; composition roots call it on a timer well within the lease time-to-live.
   */
  heartbeat(): void {
    this.loop.claims.heartbeat();
  }

  /** The live lease of a run held by another owner: the run is being driven elsewhere. */
  drivenElsewhere(run: Pick<RunRecord, 'lease'>): RunLease | undefined {
    return this.loop.claims.heldElsewhere(run);
  }

  /** Who this engine is when it drives runs. */
  get owner(): LeaseOwner {
    return this.loop.claims.owner;
  }

  /** How long this engine's leases last without renewal. */
  get leaseTtlMs(): number {
    return this.loop.claims.ttlMs;
  }

  private mustGetRun(runId: string): RunRecord {
    const run = this.deps.store.getRun(runId);
    if (!run) throw new RunStateError(`there is no run "${runId}"`);
    return run;
  }

  private mustBePaused(runId: string): RunRecord {
    const run = this.mustGetRun(runId);
    if (run.status !== 'paused') throw new RunStateError(`run ${runId} is ${run.status}, not paused`);
    return run;
  }
}
