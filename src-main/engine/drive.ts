/**
 * One drive of one run: the state the run loop advances from step to step, opened from the
 * run's checkpoint (its step log folded into a position) with everything its steps share —
 * the run's plan (graph and node declarations), the event buffer, the run's policy governor
 * and the ports its nodes may use.
 */
import type { Usage } from '../../shared/events';
import type { EngineDeps } from './contracts';
import { RunStateError } from './errors';
import { EventBuffer } from './event-buffer';
import type { ExecutorPorts } from './executor';
import { RunGovernor } from './policy/enforcer';
import type { RunRedactor, RunRedactors } from './redact';
import { declaredSecrets } from './secret-boundary';
import { needsSandbox } from './bounded';
import { planRun, type RunPlan } from './plan';
import type { Clock } from './ports';
import { foldSteps, type RunPosition } from './state';
import type { RunRecord, StepRecord } from './store';
import type { WaitCheck } from './waits';

export interface Drive {
  readonly run: RunRecord;
  readonly runId: string;
  /** Aborts when the run is cancelled. */
  readonly signal: AbortSignal;
  /** What each node's type declares, resolved once per run. */
  readonly plan: RunPlan;
  readonly pos: RunPosition;
  readonly events: EventBuffer;
  readonly governor: RunGovernor;
  readonly ports: ExecutorPorts;
  /** The run's secret values: scrubbed from what is committed and from what later steps see. */
  readonly redactor: RunRedactor;
  usage: Usage;
  /** Index and node of the step being executed (or next). */
  idx: number;
  nodeId: string | undefined;
  /** How the wait of the step the run was parked at resolved (set when re-entering it). */
  resolved?: Extract<WaitCheck, { resolved: true }>;
}

/**
 * Opens a drive of `runId` (`loaded` when the caller already read its record).
 * @throws RunStateError when there is no such run.
 */
export function openDrive(
  deps: EngineDeps,
  redactors: RunRedactors,
  runId: string,
  signal: AbortSignal,
  loaded: RunRecord | undefined,
): Drive {
  const { store, clock } = deps;
  const run = loaded ?? store.getRun(runId);
  if (!run) throw new RunStateError(`there is no run "${runId}"`);
  const steps = store.getSteps(runId);
  const plan = planRun(run.spec, deps.registry);
  const pos = foldSteps(plan.graph, plan.startId, run.input, steps);
  // A worker starts while the first steps run, so the first sandboxed expression does not wait for it.
  if (deps.sandbox?.warm && needsSandbox(run.spec, deps.registry)) deps.sandbox.warm();
  const events = new EventBuffer(runId, run.nextSeq, clock);
  // Nodes read secrets through this port: each value read is registered for redaction, each read recorded.
  const red = redactors.enter(run, deps.secrets);
  const d: Drive = {
    run,
    runId,
    signal,
    plan,
    pos,
    events,
    // Rebuilt from the step log on every (re)start, so a resumed run re-checks with the same spend.
    governor: new RunGovernor(run, steps, store, clock, deps.registry, (t) => red.scrubText(t)),
    // Exactly the ports a node may use; nothing else of the engine's dependencies reaches it.
    ports: {
      http: deps.http,
      llm: deps.llm,
      clock,
      random: deps.random,
      ...(deps.sandbox ? { sandbox: deps.sandbox } : {}),
      redactor: red,
      // Only secrets the spec declares can be read (secret-boundary.ts).
      secrets: red.port(
        declaredSecrets(run.spec, deps.secrets),
        () => ({ stepIdx: d.idx, nodeId: d.nodeId as string }),
        (a) => events.push({ type: 'secret.accessed', ...a }),
      ),
    },
    redactor: red,
    usage: pos.usage,
    idx: pos.nextIdx,
    nodeId: pos.nextNodeId,
  };
  return d;
}

/**
 * The attempts a resumed step had sent before the crash, as the count its next attempt builds
 * on. Attempts count requests sent: a step interrupted while it slept before a retry
 * (`retryAt` set) made `attempts` failed ones and sends the next; one interrupted mid-attempt,
 * or waiting for a human, sends that same attempt again (same idempotency key).
 */
export function attemptsBefore(pending: StepRecord): number {
  return pending.status !== 'waiting' && pending.retryAt !== undefined ? pending.attempts : pending.attempts - 1;
}

/**
 * Sleeps until a resumed step's next retry is due (what is left of its backoff or the
 * server's `Retry-After`). Returns false when the run was cancelled meanwhile.
 */
export async function waitUntilRetryDue(d: Drive, pending: StepRecord, clock: Clock): Promise<boolean> {
  if (pending.status === 'waiting' || pending.retryAt === undefined) return true;
  const due = pending.retryAt - clock.now();
  if (due <= 0) return true;
  try {
    await clock.sleep(due, d.signal);
    return true;
  } catch (e) {
    if (!d.signal.aborted) throw e;
    return false;
  }
}

/**
 * A finished step's output becomes the node's latest output and `prev` in the scope — scrubbed,
 * as it was committed: later steps (and their expressions) never see a secret value, whether
 * the run goes on here or after a resume.
 */
export function recordOutput(d: Drive, nodeId: string, output: unknown): void {
  const seen = d.redactor.scrub(output);
  d.pos.scope.nodes[nodeId] = seen;
  d.pos.scope.prev = seen;
}

/** Moves the drive on to the next step. */
export function advance(d: Drive, next: string | undefined): void {
  d.nodeId = next;
  d.idx++;
}
