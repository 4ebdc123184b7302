/**
 * Step transitions: what a step commits as it starts, retries, waits for a human, fails or
 * completes. Each builder records the events that describe the change in the run's
 * {@link EventBuffer} and returns the {@link Transition} the store applies with them, so
 * the run loop (run-loop.ts) decides *when* to commit and these decide *what*. Pure: no
 * store, no clock, no ports. Run-level transitions are in run-transitions.ts.
 */
import type { ErrorInfo, Usage } from '../../shared/events';
import type { EventBuffer } from './event-buffer';
import type { StepOutcome } from './executor';
import type { ApprovalRecord, StepRecord, Transition, WaitRecord } from './store';
import { APPROVAL_WAIT } from './waits';

/** The idempotency key of a step: the same for every attempt, across retries and crash/resume. */
export const idempotencyKeyOf = (runId: string, idx: number): string => `wm-${runId}-${idx}`;

/** The record of a step about to execute; the outcome builders below complete it. */
export function stepBase(
  runId: string,
  idx: number,
  nodeId: string,
  nodeType: string,
  priorAttempts: number,
  startedAt: number,
): StepRecord {
  return {
    runId,
    idx,
    nodeId,
    nodeType,
    status: 'running',
    attempts: Math.max(1, priorAttempts),
    idempotencyKey: idempotencyKeyOf(runId, idx),
    startedAt,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 },
  };
}

/**
 * `step.started`, and for an external step the `step.begin` transition the loop commits
 * durably before the node touches the outside world (undefined when there is no barrier).
 */
export function stepStarted(
  events: EventBuffer,
  base: StepRecord,
  priorAttempts: number,
  external: boolean,
  barrier: boolean,
): Transition | undefined {
  events.push({
    type: 'step.started',
    stepIdx: base.idx,
    nodeId: base.nodeId,
    nodeType: base.nodeType,
    attempt: priorAttempts + 1,
    ...(external ? { idempotencyKey: base.idempotencyKey } : {}),
  });
  return barrier ? { kind: 'step.begin', step: { ...base, attempts: priorAttempts + 1 } } : undefined;
}

/**
 * `step.retried`, and what the store keeps of it: `attempt` attempts made, all failed, the
 * next due at `retryAt`, and the step's usage so far. Counting only what was sent means a
 * crash during the backoff costs no attempt: a resume sends attempt `attempt + 1` at `retryAt`.
 */
export function stepRetried(
  events: EventBuffer,
  base: StepRecord,
  attempt: number,
  error: ErrorInfo,
  delayMs: number,
  retryAt: number,
  usage: Usage,
): Transition {
  events.push({ type: 'step.retried', stepIdx: base.idx, nodeId: base.nodeId, attempt, error, delayMs });
  return { kind: 'step.attempt', stepIdx: base.idx, attempts: attempt, retryAt, usage };
}

/** `attempts` attempts started (the last one in flight), and the step's usage so far. */
export const stepAttempt = (stepIdx: number, attempts: number, usage?: Usage): Transition => ({
  kind: 'step.attempt',
  stepIdx,
  attempts,
  ...(usage ? { usage } : {}),
});

/** A step stopped by cancellation: failed with `error`, no event of its own (run.finished follows). */
export const stepCancelled = (base: StepRecord, error: ErrorInfo, endedAt: number): Transition => ({
  kind: 'step.fail',
  step: { ...base, status: 'failed', endedAt, error },
});

/**
 * A step that asks a human: the approval record, `approval.requested`, and the `step.wait`
 * transition that stores both (committed durably by the loop).
 */
export function stepWaits(
  events: EventBuffer,
  base: StepRecord,
  outcome: Extract<StepOutcome, { approval: unknown }>,
  approvalId: string,
  requestedAt: number,
): Transition {
  const a = outcome.approval;
  const { runId, idx: stepIdx, nodeId } = base;
  const approval: ApprovalRecord = {
    id: approvalId,
    runId,
    stepIdx,
    nodeId,
    status: 'pending',
    message: a.message,
    payload: a.payload,
    ...(a.payloadSchema ? { payloadSchema: a.payloadSchema } : {}),
    approvers: a.approvers,
    reason: a.reason,
    requestedAt,
    ...(a.timeoutAt ? { timeoutAt: a.timeoutAt } : {}),
  };
  events.push({
    type: 'approval.requested',
    stepIdx,
    nodeId,
    approvalId,
    message: a.message,
    payload: a.payload,
    approvers: a.approvers,
    reason: a.reason,
    ...(a.timeoutAt ? { timeoutAt: new Date(a.timeoutAt).toISOString() } : {}),
  });
  return {
    kind: 'step.wait',
    step: { ...base, status: 'waiting', attempts: outcome.attempts, wait: { state: APPROVAL_WAIT } },
    approval,
  };
}

/**
 * A step that parks in a timed or event wait state: `step.waiting` and the waiting step with
 * its `waits` row, committed durably in one transaction.
 */
export function stepWaitsUntil(
  events: EventBuffer,
  base: StepRecord,
  outcome: Extract<StepOutcome, { wait: unknown }>,
  row: WaitRecord,
): Transition {
  const { state, until, detail, on } = outcome.wait;
  events.push({
    type: 'step.waiting',
    stepIdx: base.idx,
    nodeId: base.nodeId,
    state,
    until: new Date(until).toISOString(),
    waitId: row.id,
    ...(on ? { on: on.kind } : {}),
    ...(on?.kind === 'signal' ? { signal: on.name } : {}),
  });
  const wait = { state, until, ...(detail !== undefined ? { detail } : {}), waitId: row.id };
  return { kind: 'step.wait', step: { ...base, status: 'waiting', attempts: outcome.attempts, wait }, wait: row };
}

/** `step.failed` and the failed step; `next` is where its error edge leads, when handled. */
export function stepFailed(
  events: EventBuffer,
  base: StepRecord,
  outcome: Extract<StepOutcome, { kind: 'failed' }>,
  endedAt: number,
  next: string | undefined,
  output: unknown,
): Transition {
  const latencyMs = endedAt - base.startedAt;
  events.push({
    type: 'step.failed',
    stepIdx: base.idx,
    nodeId: base.nodeId,
    error: outcome.error,
    attempts: outcome.attempts,
    latencyMs,
    handled: next !== undefined,
    ...(next ? { nextNodeId: next } : {}),
  });
  return {
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
  };
}

/** `step.completed` and the completed step; `next` is the node its port leads to. */
export function stepCompleted(
  events: EventBuffer,
  base: StepRecord,
  outcome: Extract<StepOutcome, { kind: 'done' }>,
  endedAt: number,
  next: string | undefined,
): Transition {
  const latencyMs = endedAt - base.startedAt;
  events.push({
    type: 'step.completed',
    stepIdx: base.idx,
    nodeId: base.nodeId,
    port: outcome.port,
    output: outcome.output,
    latencyMs,
    attempts: outcome.attempts,
    ...(outcome.usage.llmCalls ? { usage: outcome.usage } : {}),
    ...(outcome.simulated ? { simulated: true } : {}),
    ...(next ? { nextNodeId: next } : {}),
  });
  return {
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
  };
}
