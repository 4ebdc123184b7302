/**
 * The engine: starts runs, drives them step by step with a checkpoint per transition,
 * parks them at approval gates, resumes them after a crash or a decision. Deterministic:
 * the next node depends only on the spec, the input and recorded step outputs.
 */
import { addUsage, type EngineEvent, type ErrorInfo, type Usage } from '../../shared/events';
import { canonicalJson } from '../../shared/spec/canonical';
import { validateAgainst } from '../../shared/spec/jsonschema';
import { loadSpecDocument } from '../../shared/spec/load';
import type { SpecNode } from '../../shared/spec/schema';
import { ApprovalConflictError, InputInvalidError, RunStateError, SpecInvalidError } from './errors';
import type { Decision, EngineDeps, RunOutcome, StartOptions, TimeoutReport } from './contracts';
import { EventBuffer } from './event-buffer';
import { executeStep, type ExecutorPorts, type StepOutcome } from './executor';
import { planFork, type ForkOptions } from './fork';
import { DebugSessions, type Breakpoints } from './debug';
import { EDIT_STEP } from './state';
import type { NodeDefinition } from './node-def';
import { RunRedactor, RunRedactors } from './redact';
import { RunGovernor } from './policy/enforcer';
import { applyDueTimeouts, type TimeoutResult } from './policy/timeouts';
import { foldSteps, graphOf, stepApproval, type RunPosition } from './state';
import type { ApprovalRecord, RunRecord, StepRecord, Transition } from './store';

export type { Decision, EngineDeps, RunOutcome, StartOptions, TimeoutReport } from './contracts';
export { InputInvalidError, SpecInvalidError } from './errors';

export class Engine {
  private readonly active = new Map<string, AbortController>();
  private readonly debug = new DebugSessions();
  /** Secret values per executing run, scrubbed from everything committed (engine/redact.ts). */
  private readonly redactors = new RunRedactors();

  constructor(private readonly deps: EngineDeps) {}

  /** Validates the spec and input, creates the run, and drives it until it ends or waits. */
  async start(specDoc: unknown, input: unknown, opts: StartOptions = {}): Promise<RunOutcome> {
    const loaded = loadSpecDocument(specDoc, this.deps.registry);
    if (!loaded.spec || !loaded.ok) throw new SpecInvalidError(loaded.problems);
    const spec = loaded.spec;
    const issues = validateAgainst(spec.input, input ?? {});
    if (issues.length) {
      const named = issues.map((i) => ({ path: i.path.replace(/^\$/, '$input'), message: i.message }));
      throw new InputInvalidError(
        `run input does not match the workflow input schema: ${named.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        named,
      );
    }
    const { clock, random, store } = this.deps;
    const now = clock.now();
    const runId = opts.runId ?? random.id('run');
    const run: RunRecord = {
      id: runId,
      specId: spec.id,
      specName: spec.name,
      spec,
      input: input ?? {},
      status: 'running',
      simulate: opts.simulate ?? false,
      trigger: opts.trigger ?? 'manual',
      createdAt: now,
      updatedAt: now,
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
      stepCount: 0,
      nextSeq: 0,
    };
    const events = new EventBuffer(runId, 0, clock);
    events.push({
      type: 'run.started',
      specId: spec.id,
      specName: spec.name,
      input: run.input,
      simulate: run.simulate,
    });
    const red = new RunRedactor(spec, this.deps.secrets);
    const first = red.scrub(events.take());
    store.createRun(red.scrub(run), first);
    this.publish(first);
    return this.drive(runId);
  }

  /** Continues a run that was interrupted (crash, kill) from its last checkpoint. */
  async resume(runId: string): Promise<RunOutcome> {
    const run = this.mustGetRun(runId);
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
      throw new RunStateError(
        `run ${runId} has already ${run.status === 'completed' ? 'completed' : run.status === 'failed' ? 'failed' : 'been cancelled'}; nothing to resume`,
      );
    }
    return this.drive(runId, run);
  }

  /** Records a human decision (once) and continues the run. */
  async decide(d: Decision): Promise<RunOutcome> {
    const { store, clock } = this.deps;
    const a = store.getApproval(d.approvalId);
    if (!a) throw new RunStateError(`there is no approval "${d.approvalId}"`);
    if (a.status !== 'pending') {
      throw new ApprovalConflictError(
        `approval ${a.id} was already ${a.status}${a.decidedBy ? ` by ${a.decidedBy}` : ''}${a.decidedAt ? ` at ${new Date(a.decidedAt).toISOString()}` : ''}`,
      );
    }
    // `system:` names are the engine's own (timeouts); no human may decide as one.
    if (d.by.startsWith('system:'))
      throw new RunStateError(`"${d.by}" is reserved for decisions the engine makes itself`);
    if (a.approvers.length && !a.approvers.includes(d.by)) {
      throw new RunStateError(`"${d.by}" may not decide approval ${a.id}; approvers: ${a.approvers.join(', ')}`);
    }
    const edited = d.payload !== undefined && canonicalJson(d.payload) !== canonicalJson(a.payload);
    if (edited && d.decision === 'approved' && a.payloadSchema) {
      const issues = validateAgainst(a.payloadSchema, d.payload);
      if (issues.length) {
        const named = issues.map((i) => ({ path: i.path.replace(/^\$/, '$payload'), message: i.message }));
        throw new InputInvalidError(
          `edited payload does not match the payload schema: ${named.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          named,
        );
      }
    }
    const run = this.mustGetRun(a.runId);
    const now = clock.now();
    const events = new EventBuffer(run.id, run.nextSeq, clock);
    events.push({
      type: 'approval.resolved',
      stepIdx: a.stepIdx,
      nodeId: a.nodeId,
      approvalId: a.id,
      decision: d.decision,
      by: d.by,
      ...(d.comment ? { comment: d.comment } : {}),
      payload: edited ? d.payload : a.payload,
      edited,
    });
    const red = new RunRedactor(run.spec, this.deps.secrets);
    const evs = red.scrub(events.take());
    store.commit(
      run.id,
      red.scrub({
        kind: 'approval.resolve',
        stepIdx: a.stepIdx,
        decision: {
          approvalId: a.id,
          decision: d.decision,
          by: d.by,
          ...(d.comment ? { comment: d.comment } : {}),
          ...(edited ? { payload: d.payload } : {}),
          at: now,
        },
      }),
      evs,
      { durable: true, now },
    );
    this.publish(evs);
    return this.drive(run.id);
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
        if (r.action === 'escalated' || this.active.has(r.runId)) continue;
        try {
          r.outcome = await this.drive(r.runId);
        } catch (e) {
          r.error = (e as Error).message;
        }
      }
    }
    return applied;
  }

  /** Applies overdue approval timeouts durably without continuing any run (what reads do first). */
  applyTimeouts(now: number = this.deps.clock.now()): TimeoutResult[] {
    return applyDueTimeouts(
      { store: this.deps.store, clock: this.deps.clock, publish: (evs) => this.publish(evs) },
      now,
    );
  }

  /**
   * Forks a run from one of its completed steps (see fork.ts): the new run reuses recorded
   * outputs up to `fromStep`, optionally with edited node outputs, and continues live.
   */
  async fork(parentRunId: string, opts: ForkOptions): Promise<RunOutcome> {
    const { store, clock, random } = this.deps;
    const parent = this.mustGetRun(parentRunId);
    const plan = planFork(parent, store.getSteps(parentRunId), opts, opts.runId ?? random.id('run'), clock.now());
    // Edited outputs are human input: a pasted secret value is scrubbed like any other.
    const red = new RunRedactor(parent.spec, this.deps.secrets);
    const events = red.scrub(plan.events);
    store.createRun(red.scrub(plan.run), events, red.scrub(plan.steps));
    this.publish(events);
    return this.drive(plan.run.id);
  }

  /** Sets the breakpoints of a run (before / after node ids); they apply from its next step. */
  setBreakpoints(runId: string, bps: Breakpoints): void {
    this.debug.setBreakpoints(runId, bps);
  }

  breakpoints(runId: string): { before: string[]; after: string[] } {
    return this.debug.breakpoints(runId);
  }

  /** Asks a run executing in this process to pause at its next step boundary. */
  pause(runId: string): boolean {
    if (!this.active.has(runId)) return false;
    this.debug.requestPause(runId);
    return true;
  }

  /** Continues a paused run until it ends, waits, or reaches a breakpoint. */
  async continue(runId: string): Promise<RunOutcome> {
    const run = this.mustGetRun(runId);
    if (run.status !== 'paused') throw new RunStateError(`run ${runId} is ${run.status}, not paused`);
    return this.drive(runId, run);
  }

  /** Runs exactly one more node of a paused run, then pauses again. */
  async step(runId: string): Promise<RunOutcome> {
    const run = this.mustGetRun(runId);
    if (run.status !== 'paused') throw new RunStateError(`run ${runId} is ${run.status}, not paused`);
    this.debug.stepOnce(runId);
    return this.drive(runId, run);
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
    const pos = foldSteps(graphOf(run.spec), run.input, store.getSteps(runId));
    if (!Object.hasOwn(pos.scope.nodes, nodeId)) {
      throw new RunStateError(
        `node "${nodeId}" has no output yet in run ${runId}; nodes with outputs: ${Object.keys(pos.scope.nodes).join(', ')}`,
      );
    }
    const now = clock.now();
    const events = new EventBuffer(runId, run.nextSeq, clock);
    events.push({
      type: 'state.edited',
      stepIdx: pos.nextIdx,
      nodeId,
      before: pos.scope.nodes[nodeId],
      after: output,
      by,
    });
    const step: StepRecord = {
      runId,
      idx: pos.nextIdx,
      nodeId,
      nodeType: EDIT_STEP,
      status: 'completed',
      attempts: 0,
      idempotencyKey: `wm-${runId}-${pos.nextIdx}`,
      startedAt: now,
      endedAt: now,
      latencyMs: 0,
      output,
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
      edited: true,
      ...(pos.nextNodeId ? { nextNodeId: pos.nextNodeId } : {}),
    };
    this.commit(runId, { kind: 'step.complete', step }, events, true);
  }

  /** Stops a run that is executing in this process; it ends as cancelled. */
  cancel(runId: string): boolean {
    const ac = this.active.get(runId);
    if (!ac) return false;
    ac.abort(new RunStateError(`run ${runId} was cancelled`));
    return true;
  }

  private mustGetRun(runId: string): RunRecord {
    const run = this.deps.store.getRun(runId);
    if (!run) throw new RunStateError(`there is no run "${runId}"`);
    return run;
  }

  private publish(events: EngineEvent[]): void {
    if (this.deps.onEvent) for (const e of events) this.deps.onEvent(e);
  }

  /** The one path from the loop to the store: secret values are scrubbed here, never per node. */
  private commit(runId: string, t: Transition, events: EventBuffer, durable: boolean): void {
    const evs = this.redactors.scrub(runId, events.take());
    this.deps.store.commit(runId, this.redactors.scrub(runId, t), evs, { durable, now: this.deps.clock.now() });
    this.publish(evs);
  }

  /** Runs steps from the run's checkpointed position until it ends or waits. */
  private async drive(runId: string, loaded?: RunRecord): Promise<RunOutcome> {
    if (this.active.has(runId)) throw new RunStateError(`run ${runId} is already executing in this process`);
    const ac = new AbortController();
    this.active.set(runId, ac);
    try {
      return await this.loop(runId, ac.signal, loaded);
    } finally {
      this.active.delete(runId);
      this.redactors.leave(runId);
    }
  }

  private async loop(runId: string, signal: AbortSignal, loaded?: RunRecord): Promise<RunOutcome> {
    const { store, clock, registry } = this.deps;
    const run = loaded ?? this.mustGetRun(runId);
    const graph = graphOf(run.spec);
    const nodes = new Map(run.spec.nodes.map((n) => [n.id, n]));
    const steps = store.getSteps(runId);
    const pos = foldSteps(graph, run.input, steps);
    const events = new EventBuffer(runId, run.nextSeq, clock);
    // Rebuilt from the step log on every (re)start, so a resumed run re-checks with the same spend.
    const governor = new RunGovernor(run, steps, store, clock);
    let usage = pos.usage;
    // Nodes read secrets through this port: each value read is registered for redaction, each read recorded.
    const red = this.redactors.enter(run, this.deps.secrets);
    const ports: ExecutorPorts = {
      ...this.deps,
      secrets: red.port(
        this.deps.secrets,
        () => ({ stepIdx: idx, nodeId: nodeId as string }),
        (a) => events.push({ type: 'secret.accessed', ...a }),
      ),
    };

    if (run.status === 'waiting' || pos.pending?.status === 'waiting') {
      const approval = stepApproval(store, runId, pos.pending?.idx);
      if (!approval || approval.status === 'pending') {
        if (run.status !== 'waiting')
          this.commit(runId, { kind: 'run.status', status: 'waiting', usage }, events, true);
        return { runId, status: 'waiting', usage, ...(approval ? { approvalId: approval.id } : {}) };
      }
    }
    if (pos.last && !pos.pending && pos.last.status === 'failed' && pos.last.nextNodeId === undefined) {
      return this.finish(run, events, 'failed', usage, undefined, pos.last.error);
    }
    if (run.stepCount > 0 || pos.pending) {
      events.push({ type: 'run.resumed', fromStep: pos.nextIdx });
      this.commit(runId, { kind: 'run.status', status: 'running', usage }, events, false);
    }

    let pending = pos.pending;
    // Continuing a paused run: the node it paused before runs without pausing again.
    const continuingAt = run.status === 'paused' ? pos.nextIdx : -1;
    let idx = pos.nextIdx;
    let nodeId = pos.nextNodeId;
    while (nodeId !== undefined) {
      const node = nodes.get(nodeId) as SpecNode;
      const def = registry.definition(node.type) as NodeDefinition;
      const idempotencyKey = `wm-${runId}-${idx}`;
      const startedAt = clock.now();
      // A waiting approval step resumes its first attempt; an interrupted step starts its next one.
      const priorAttempts =
        pending?.idx === idx ? (pending.status === 'waiting' ? pending.attempts - 1 : pending.attempts) : 0;
      const base: StepRecord = {
        runId,
        idx,
        nodeId,
        nodeType: node.type,
        status: 'running',
        attempts: Math.max(1, priorAttempts),
        idempotencyKey,
        startedAt,
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
      };
      const approval = pending?.status === 'waiting' ? stepApproval(store, runId, idx) : undefined;
      if (pending?.idx !== idx) {
        // A debugger pause happens at a step boundary, never inside a step; the node a pause
        // stopped at runs when the run continues.
        const reason = this.debug.pauseBefore(runId, nodeId, idx === continuingAt);
        if (reason) {
          events.push({ type: 'run.paused', nodeId, stepIdx: idx, reason });
          this.commit(runId, { kind: 'run.status', status: 'paused', usage }, events, false);
          return { runId, status: 'paused', usage };
        }
      }
      if (!(pending?.idx === idx && pending.status === 'waiting')) {
        events.push({
          type: 'step.started',
          stepIdx: idx,
          nodeId,
          nodeType: node.type,
          attempt: priorAttempts + 1,
          ...(def.sideEffect ? { idempotencyKey } : {}),
        });
        // A durable barrier before anything that touches the outside world.
        if (def.sideEffect && !run.simulate)
          this.commit(runId, { kind: 'step.begin', step: { ...base, attempts: priorAttempts + 1 } }, events, true);
      }

      let outcome: StepOutcome;
      try {
        outcome = await executeStep(
          {
            spec: run.spec,
            node,
            def,
            runId,
            stepIdx: idx,
            idempotencyKey,
            scope: pos.scope,
            simulate: run.simulate,
            priorAttempts,
            ...(approval ? { approval } : {}),
            governor: governor.step({
              node,
              idx,
              events,
              flush: (attempt) =>
                this.commit(runId, { kind: 'step.attempt', stepIdx: idx, attempts: attempt }, events, false),
            }),
            signal,
            events,
            onRetry: (attempt, error, delayMs) => {
              events.push({ type: 'step.retried', stepIdx: idx, nodeId: node.id, attempt, error, delayMs });
              this.commit(runId, { kind: 'step.attempt', stepIdx: idx, attempts: attempt + 1 }, events, false);
            },
          },
          ports,
        );
      } catch (e) {
        if (!signal.aborted) throw e;
        const error: ErrorInfo = {
          code: 'cancelled',
          message: (signal.reason as Error)?.message ?? 'cancelled',
          retryable: false,
        };
        this.commit(
          runId,
          { kind: 'step.fail', step: { ...base, status: 'failed', endedAt: clock.now(), error } },
          events,
          false,
        );
        return this.finish(run, events, 'cancelled', usage, undefined, error);
      }
      pending = undefined;
      const endedAt = clock.now();
      const latencyMs = endedAt - startedAt;

      if (outcome.kind === 'wait') {
        const a = outcome.approval;
        // A step can ask more than once (a policy gate per distinct call): later ids get a suffix.
        const asked = store.listApprovals({ runId }).filter((x) => x.stepIdx === idx).length;
        const approvalId = asked ? `apr_${runId}_${idx}_${asked + 1}` : `apr_${runId}_${idx}`;
        const rec: ApprovalRecord = {
          id: approvalId,
          runId,
          stepIdx: idx,
          nodeId,
          status: 'pending',
          message: a.message,
          payload: a.payload,
          ...(a.payloadSchema ? { payloadSchema: a.payloadSchema } : {}),
          approvers: a.approvers,
          reason: a.reason,
          requestedAt: endedAt,
          ...(a.timeoutAt ? { timeoutAt: a.timeoutAt } : {}),
        };
        events.push({
          type: 'approval.requested',
          stepIdx: idx,
          nodeId,
          approvalId,
          message: a.message,
          payload: a.payload,
          approvers: a.approvers,
          reason: a.reason,
          ...(a.timeoutAt ? { timeoutAt: new Date(a.timeoutAt).toISOString() } : {}),
        });
        this.commit(
          runId,
          { kind: 'step.wait', step: { ...base, status: 'waiting', attempts: outcome.attempts }, approval: rec },
          events,
          true,
        );
        events.push({ type: 'run.waiting', approvalId, nodeId });
        this.commit(runId, { kind: 'run.status', status: 'waiting', usage }, events, true);
        return { runId, status: 'waiting', approvalId, usage };
      }

      usage = addUsage(usage, outcome.usage);
      if (outcome.kind === 'failed') {
        const errorEdge = graph.edge(nodeId, 'error');
        const next =
          errorEdge && this.takeEdge(pos, errorEdge.id, errorEdge.maxTraversals) ? errorEdge.target : undefined;
        const output = { error: outcome.error };
        events.push({
          type: 'step.failed',
          stepIdx: idx,
          nodeId,
          error: outcome.error,
          attempts: outcome.attempts,
          latencyMs,
          handled: next !== undefined,
          ...(next ? { nextNodeId: next } : {}),
        });
        this.commit(
          runId,
          {
            kind: 'step.fail',
            step: {
              ...base,
              status: 'failed',
              attempts: outcome.attempts,
              endedAt,
              latencyMs,
              error: outcome.error,
              usage: outcome.usage,
              ...(next ? { port: 'error', output, nextNodeId: next } : {}),
            },
          },
          events,
          def.sideEffect,
        );
        if (next === undefined) return this.finish(run, events, 'failed', usage, undefined, outcome.error);
        pos.scope.nodes[nodeId] = output;
        pos.scope.prev = output;
        nodeId = next;
        idx++;
        continue;
      }

      // Completed: follow the edge for the port, respecting loop bounds.
      let next: string | undefined;
      let loopError: ErrorInfo | undefined;
      if (node.type !== 'end') {
        const edge = graph.edge(nodeId, outcome.port);
        if (!edge) {
          loopError = {
            code: 'graph.open-port',
            retryable: false,
            message: `"${nodeId}" left by ${outcome.port.replace('branch:', 'branch ')}, which has no edge`,
          };
        } else if (!this.takeEdge(pos, edge.id, edge.maxTraversals)) {
          loopError = {
            code: 'loop.bound',
            retryable: false,
            message: `edge "${edge.id}" was taken ${edge.maxTraversals} times, its maxTraversals bound`,
          };
        } else next = edge.target;
      }
      events.push({
        type: 'step.completed',
        stepIdx: idx,
        nodeId,
        port: outcome.port,
        output: outcome.output,
        latencyMs,
        attempts: outcome.attempts,
        ...(outcome.usage.llmCalls ? { usage: outcome.usage } : {}),
        ...(outcome.simulated ? { simulated: true } : {}),
        ...(next ? { nextNodeId: next } : {}),
      });
      this.commit(
        runId,
        {
          kind: 'step.complete',
          step: {
            ...base,
            status: 'completed',
            attempts: outcome.attempts,
            endedAt,
            latencyMs,
            port: outcome.port,
            output: outcome.output,
            usage: outcome.usage,
            ...(next ? { nextNodeId: next } : {}),
            ...(outcome.simulated ? { simulated: true } : {}),
          },
        },
        events,
        def.sideEffect && !run.simulate,
      );
      pos.scope.nodes[nodeId] = outcome.output;
      pos.scope.prev = outcome.output;
      if (loopError) return this.finish(run, events, 'failed', usage, undefined, loopError);
      if (node.type === 'end') return this.finish(run, events, 'completed', usage, outcome.output);
      this.debug.completed(runId, nodeId);
      nodeId = next;
      idx++;
    }
    // The fold found a finished end step but the run was never marked completed (crash in between).
    return this.finish(run, events, 'completed', usage, pos.scope.prev);
  }

  private takeEdge(pos: RunPosition, edgeId: string, bound: number | undefined): boolean {
    const n = pos.edgeCounts.get(edgeId) ?? 0;
    if (bound !== undefined && n >= bound) return false;
    pos.edgeCounts.set(edgeId, n + 1);
    return true;
  }

  private finish(
    run: RunRecord,
    events: EventBuffer,
    status: 'completed' | 'failed' | 'cancelled',
    usage: Usage,
    output?: unknown,
    error?: ErrorInfo,
  ): RunOutcome {
    const now = this.deps.clock.now();
    const runId = run.id;
    this.debug.clear(runId);
    events.push({
      type: 'run.finished',
      status,
      ...(output !== undefined ? { output } : {}),
      ...(error ? { error } : {}),
      durationMs: now - run.createdAt,
      usage,
    });
    this.commit(
      runId,
      {
        kind: 'run.status',
        status,
        usage,
        ...(output !== undefined ? { output } : {}),
        ...(error ? { error } : {}),
        endedAt: now,
      },
      events,
      true,
    );
    return this.redactors.scrub(runId, {
      runId,
      status,
      usage,
      ...(output !== undefined ? { output } : {}),
      ...(error ? { error } : {}),
    });
  }
}
