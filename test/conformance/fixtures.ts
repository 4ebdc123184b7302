/**
 * Builders for the checkpoint-store conformance suite: a realistic run, steps, approvals
 * and events, so each test states only what it is about.
 */
import type { EngineEvent, Usage } from '../../shared/events';
import type { WorkflowSpec } from '../../shared/spec/schema';
import type { ApprovalRecord, RunRecord, StepRecord } from '../../src-main/engine/store';

/** The fixed clock origin of every fixture. */
export const T0 = Date.parse('2026-01-15T10:00:00.000Z');

/** A usage figure scaled by `n` (0 gives zero usage). */
export const usage = (n = 0): Usage => ({ inputTokens: 10 * n, outputTokens: 5 * n, costUsd: 0.001 * n, llmCalls: n });

/** A small, valid, fully-defaulted spec snapshot: start, approval gate, end. */
export function makeSpec(id = 'refund-flow'): WorkflowSpec {
  return {
    specVersion: 1,
    id,
    name: `Spec ${id}`,
    description: 'Approve refunds under a policy',
    input: { type: 'object', properties: { orderId: { type: 'string' } } },
    connectors: { crm: { kind: 'http', baseUrl: 'https://crm.example.com', risk: 'write' } },
    secrets: [{ name: 'CRM_TOKEN' }],
    zones: [],
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'gate',
        type: 'approval',
        typeVersion: 1,
        name: 'Approve',
        position: { x: 200, y: 0 },
        config: { message: 'ok?' },
      },
      { id: 'end', type: 'end', typeVersion: 1, name: 'End', position: { x: 400, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'gate', kind: 'next' },
      { id: 'e2', source: 'gate', target: 'end', kind: 'next' },
    ],
  };
}

/** A running run of `makeSpec`, with a nested input; `over` replaces fields. */
export function makeRun(id: string, over: Partial<RunRecord> = {}): RunRecord {
  const spec = makeSpec(over.specId ?? 'refund-flow');
  return {
    id,
    specId: spec.id,
    specName: spec.name,
    spec,
    input: { orderId: 'o-1', amount: 42.5, tags: ['a', 'b'], nested: { ok: true, none: null } },
    status: 'running',
    simulate: false,
    trigger: 'cli',
    createdAt: T0,
    updatedAt: T0,
    usage: usage(0),
    stepCount: 0,
    nextSeq: 0,
    ...over,
  };
}

/** A running step of `runId` at `idx`, on node `n<idx>`; `over` replaces fields. */
export function makeStep(runId: string, idx: number, over: Partial<StepRecord> = {}): StepRecord {
  return {
    runId,
    idx,
    nodeId: `n${idx}`,
    nodeType: 'tool',
    status: 'running',
    attempts: 1,
    idempotencyKey: `${runId}:${idx}`,
    startedAt: T0 + idx * 1000,
    usage: usage(0),
    ...over,
  };
}

/** A pending approval of step `stepIdx`; `over` replaces fields. */
export function makeApproval(
  runId: string,
  stepIdx: number,
  id: string,
  over: Partial<ApprovalRecord> = {},
): ApprovalRecord {
  return {
    id,
    runId,
    stepIdx,
    nodeId: `n${stepIdx}`,
    status: 'pending',
    message: 'Refund 42.50 EUR?',
    payload: { amount: 42.5, currency: 'EUR' },
    payloadSchema: { type: 'object' },
    approvers: ['alice', 'bob'],
    reason: 'gate',
    requestedAt: T0 + stepIdx * 1000,
    ...over,
  };
}

/** Issues events with consecutive `seq`s for one run, the way the engine stamps them. */
export class EventClock {
  seq: number;
  constructor(
    readonly runId: string,
    start = 0,
  ) {
    this.seq = start;
  }

  private base() {
    const seq = this.seq++;
    return { runId: this.runId, seq, at: new Date(T0 + seq).toISOString() };
  }

  runStarted(): EngineEvent {
    return {
      ...this.base(),
      type: 'run.started',
      specId: 'refund-flow',
      specName: 'Spec refund-flow',
      input: { orderId: 'o-1' },
      simulate: false,
    };
  }

  stepStarted(stepIdx: number, attempt = 1): EngineEvent {
    return { ...this.base(), type: 'step.started', stepIdx, nodeId: `n${stepIdx}`, nodeType: 'tool', attempt };
  }

  stepRetried(stepIdx: number, attempt: number): EngineEvent {
    const error = { code: 'http.status', message: '503', retryable: true, status: 503 };
    return { ...this.base(), type: 'step.retried', stepIdx, nodeId: `n${stepIdx}`, attempt, error, delayMs: 500 };
  }

  stepCompleted(stepIdx: number, output: unknown = { ok: stepIdx }): EngineEvent {
    return {
      ...this.base(),
      type: 'step.completed',
      stepIdx,
      nodeId: `n${stepIdx}`,
      port: 'next',
      output,
      latencyMs: 12,
      attempts: 1,
    };
  }

  stepFailed(stepIdx: number): EngineEvent {
    const error = { code: 'timeout', message: 'timed out after 30000 ms', retryable: true };
    return {
      ...this.base(),
      type: 'step.failed',
      stepIdx,
      nodeId: `n${stepIdx}`,
      error,
      attempts: 3,
      latencyMs: 30000,
      handled: false,
    };
  }

  approvalRequested(stepIdx: number, approvalId: string): EngineEvent {
    return {
      ...this.base(),
      type: 'approval.requested',
      stepIdx,
      nodeId: `n${stepIdx}`,
      approvalId,
      message: 'Refund 42.50 EUR?',
      payload: { amount: 42.5 },
      approvers: ['alice'],
      reason: 'gate',
    };
  }

  runWaiting(approvalId: string, stepIdx: number): EngineEvent {
    return { ...this.base(), type: 'run.waiting', approvalId, nodeId: `n${stepIdx}` };
  }

  approvalResolved(stepIdx: number, approvalId: string, decision: 'approved' | 'rejected', by: string): EngineEvent {
    return {
      ...this.base(),
      type: 'approval.resolved',
      stepIdx,
      nodeId: `n${stepIdx}`,
      approvalId,
      decision,
      by,
      payload: { amount: 42.5 },
      edited: false,
    };
  }

  runFinished(status: 'completed' | 'failed' | 'cancelled'): EngineEvent {
    return { ...this.base(), type: 'run.finished', status, durationMs: 5000, usage: usage(1) };
  }
}
