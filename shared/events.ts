/**
 * Engine events: one discriminated union, every event carrying `runId` and a per-run
 * `seq`. The CLI printer, the renderer store and the e2e assertions all reduce this same
 * stream, and the checkpoint store persists it (trace) in the same transaction as the
 * state change it describes.
 */

export interface ErrorInfo {
  /** Machine-readable code, e.g. `http.status`, `timeout`, `schema`, `policy`, `budget`. */
  code: string;
  message: string;
  retryable: boolean;
  /** HTTP status when the error came from an HTTP response. */
  status?: number;
  /** Extra structured detail (validation issues, response excerpt). */
  detail?: unknown;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  llmCalls: number;
}

/** A zone budget's limits (the keys of a zone's `budget`). */
export type BudgetLimit = 'maxCostUsd' | 'maxTokens' | 'maxLlmCalls' | 'maxSteps' | 'maxWallTimeMs';

/** `paused`: stopped by the debugger (a breakpoint, a single step, a pause request); `continue` resumes it. */
export type RunStatus = 'running' | 'waiting' | 'paused' | 'completed' | 'failed' | 'cancelled';

/**
 * What a guardrail concluded: nothing found, personal data redacted, findings recorded but
 * let through (`warned`), blocked (`flagged`), or sent to a human (`review`).
 */
export type GuardrailVerdict = 'clean' | 'redacted' | 'warned' | 'flagged' | 'review';

/**
 * One guardrail detector hit. `path` is the JSON path of the string (or field) concerned and
 * `span` the [start, end) offsets in it; the matched text itself is never recorded.
 */
export interface GuardrailFinding {
  kind: string;
  path: string;
  span?: [number, number];
  severity: 'low' | 'medium' | 'high';
  message: string;
}

interface Base {
  runId: string;
  seq: number;
  /** ISO-8601 timestamp from the engine clock. */
  at: string;
}

interface StepBase extends Base {
  stepIdx: number;
  nodeId: string;
}

export type EngineEvent =
  | (Base & {
      type: 'run.started';
      specId: string;
      specName: string;
      input: unknown;
      parentRunId?: string;
      forkedFromStep?: number;
      simulate: boolean;
    })
  | (Base & { type: 'run.resumed'; fromStep: number })
  | (Base & { type: 'run.paused'; nodeId: string; stepIdx: number; reason: 'breakpoint' | 'step' | 'pause' })
  | (StepBase & { type: 'state.edited'; before: unknown; after: unknown; by: string })
  | (StepBase & { type: 'step.started'; nodeType: string; attempt: number; idempotencyKey?: string })
  | (StepBase & { type: 'step.retried'; attempt: number; error: ErrorInfo; delayMs: number })
  | (StepBase & {
      type: 'step.completed';
      port: string;
      output: unknown;
      latencyMs: number;
      attempts: number;
      usage?: Usage;
      simulated?: boolean;
      nextNodeId?: string;
    })
  | (StepBase & {
      type: 'step.failed';
      error: ErrorInfo;
      attempts: number;
      latencyMs: number;
      handled: boolean;
      nextNodeId?: string;
    })
  | (StepBase & {
      type: 'llm.call';
      attempt: number;
      provider: string;
      model: string;
      request: unknown;
      response?: unknown;
      error?: ErrorInfo;
      usage?: Usage;
      latencyMs: number;
    })
  | (StepBase & {
      type: 'http.call';
      attempt: number;
      method: string;
      url: string;
      status?: number;
      error?: ErrorInfo;
      latencyMs: number;
      idempotencyKey: string;
    })
  | (StepBase & {
      type: 'decision.taken';
      branch: string;
      ruleIndex: number | null;
      rule?: string;
      label?: string;
      rationale: string;
    })
  | (StepBase & {
      type: 'approval.requested';
      approvalId: string;
      message: string;
      payload: unknown;
      approvers: string[];
      timeoutAt?: string;
      reason: string;
    })
  | (StepBase & {
      type: 'approval.resolved';
      approvalId: string;
      decision: 'approved' | 'rejected';
      by: string;
      comment?: string;
      payload: unknown;
      edited: boolean;
    })
  | (StepBase & {
      type: 'approval.escalated';
      approvalId: string;
      escalationId: string;
      from: string[];
      to: string[];
      timeoutAt?: string;
    })
  | (StepBase & {
      type: 'policy.checked';
      call: 'http' | 'llm';
      connector?: string;
      riskClass: string;
      decision: 'allow' | 'approval' | 'forbid';
      rule: string;
      zone: string | null;
      approvalId?: string;
    })
  | (StepBase & {
      type: 'budget.exceeded';
      zone: string;
      limit: BudgetLimit;
      value: number;
      max: number;
      phase: 'before' | 'after';
    })
  | (StepBase & { type: 'secret.accessed'; name: string; found: boolean })
  | (StepBase & {
      type: 'guardrail.checked';
      source: 'node' | 'llm';
      verdict: GuardrailVerdict;
      findings: GuardrailFinding[];
    })
  | (Base & { type: 'run.waiting'; approvalId: string; nodeId: string })
  | (Base & {
      type: 'run.finished';
      status: Exclude<RunStatus, 'running' | 'waiting' | 'paused'>;
      output?: unknown;
      error?: ErrorInfo;
      durationMs: number;
      usage: Usage;
    });

export type EngineEventType = EngineEvent['type'];

/** An event before the engine stamps run id, sequence and time on it. */
export type EventDraft = EngineEvent extends infer E
  ? E extends EngineEvent
    ? Omit<E, 'runId' | 'seq' | 'at'>
    : never
  : never;

export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: 0, llmCalls: 0 });

export function addUsage(a: Usage, b: Usage | undefined): Usage {
  if (!b) return a;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e9) / 1e9,
    llmCalls: a.llmCalls + b.llmCalls,
  };
}
