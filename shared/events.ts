/**
 * Engine events: one discriminated union, every event carrying `runId` and a per-run
 * `seq`. The CLI printer, the renderer store and the e2e assertions all reduce this same
 * stream, and the checkpoint store persists it (trace) in the same transaction as the
 * state change it describes.
 *
 * The zod schemas are the source of truth and the types are derived from them, so the
 * renderer's check of every pushed event (shared/api-client.ts) and the engine's type of
 * what it emits cannot drift. Adding an event type is one entry in {@link EngineEventSchema}.
 */
import { z } from 'zod';

export const ErrorInfoSchema = z.object({
  /** Machine-readable code, e.g. `http.status`, `timeout`, `schema`, `policy`, `budget`. */
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  /** HTTP status when the error came from an HTTP response. */
  status: z.number().optional(),
  /** Extra structured detail (validation issues, response excerpt). */
  detail: z.unknown().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  llmCalls: z.number(),
  /**
   * Set when some of these tokens were estimated (≈ characters / 4) because a provider did
   * not report usage: budgets still apply, and the figures are shown as estimates.
   */
  estimated: z.boolean().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** A zone budget's limits (the keys of a zone's `budget`). */
export const BudgetLimitSchema = z.enum(['maxCostUsd', 'maxTokens', 'maxLlmCalls', 'maxSteps', 'maxWallTimeMs']);
export type BudgetLimit = z.infer<typeof BudgetLimitSchema>;

/** `paused`: stopped by the debugger (a breakpoint, a single step, a pause request); `continue` resumes it. */
export const RunStatusSchema = z.enum(['running', 'waiting', 'paused', 'completed', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/**
 * What a guardrail concluded: nothing found, personal data redacted, findings recorded but
 * let through (`warned`), blocked (`flagged`), or sent to a human (`review`).
 */
export const GuardrailVerdictSchema = z.enum(['clean', 'redacted', 'warned', 'flagged', 'review']);
export type GuardrailVerdict = z.infer<typeof GuardrailVerdictSchema>;

/**
 * One guardrail detector hit. `path` is the JSON path of the string (or field) concerned and
 * `span` the [start, end) offsets in it; the matched text itself is never recorded.
 */
export const GuardrailFindingSchema = z.object({
  kind: z.string(),
  path: z.string(),
  span: z.tuple([z.number(), z.number()]).optional(),
  severity: z.enum(['low', 'medium', 'high']),
  message: z.string(),
});
export type GuardrailFinding = z.infer<typeof GuardrailFindingSchema>;

const base = {
  runId: z.string(),
  seq: z.number(),
  /** ISO-8601 timestamp from the engine clock. */
  at: z.string(),
};
const step = { ...base, stepIdx: z.number(), nodeId: z.string() };

/** Every engine event, discriminated by `type`. */
export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run.started'),
    specId: z.string(),
    specName: z.string(),
    input: z.unknown(),
    parentRunId: z.string().optional(),
    forkedFromStep: z.number().optional(),
    simulate: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('run.resumed'), fromStep: z.number() }),
  /**
   * This engine took over a run whose previous driver's lease was stale: expired, or its
   * owner process is gone. `previousOwner` is that driver's label, `owner` the new one's.
   */
  z.object({
    ...base,
    type: z.literal('run.taken-over'),
    previousOwner: z.string(),
    previousRenewedAt: z.string(),
    reason: z.enum(['expired', 'owner-gone']),
    owner: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('run.paused'),
    nodeId: z.string(),
    stepIdx: z.number(),
    reason: z.enum(['breakpoint', 'step', 'pause']),
  }),
  z.object({ ...step, type: z.literal('state.edited'), before: z.unknown(), after: z.unknown(), by: z.string() }),
  z.object({
    ...step,
    type: z.literal('step.started'),
    nodeType: z.string(),
    attempt: z.number(),
    idempotencyKey: z.string().optional(),
  }),
  z.object({
    ...step,
    type: z.literal('step.retried'),
    attempt: z.number(),
    error: ErrorInfoSchema,
    delayMs: z.number(),
  }),
  z.object({
    ...step,
    type: z.literal('step.completed'),
    port: z.string(),
    output: z.unknown(),
    latencyMs: z.number(),
    attempts: z.number(),
    usage: UsageSchema.optional(),
    simulated: z.boolean().optional(),
    nextNodeId: z.string().optional(),
  }),
  z.object({
    ...step,
    type: z.literal('step.failed'),
    error: ErrorInfoSchema,
    attempts: z.number(),
    latencyMs: z.number(),
    handled: z.boolean(),
    nextNodeId: z.string().optional(),
  }),
  z.object({
    ...step,
    type: z.literal('llm.call'),
    attempt: z.number(),
    /** The spec's connector id the call went through (absent in runs recorded before it was added). */
    connector: z.string().optional(),
    provider: z.string(),
    model: z.string(),
    request: z.unknown(),
    response: z.unknown().optional(),
    error: ErrorInfoSchema.optional(),
    usage: UsageSchema.optional(),
    latencyMs: z.number(),
  }),
  z.object({
    ...step,
    type: z.literal('http.call'),
    attempt: z.number(),
    /** The spec's connector id the call went through (absent in runs recorded before it was added). */
    connector: z.string().optional(),
    method: z.string(),
    url: z.string(),
    status: z.number().optional(),
    error: ErrorInfoSchema.optional(),
    latencyMs: z.number(),
    idempotencyKey: z.string(),
  }),
  z.object({
    ...step,
    type: z.literal('decision.taken'),
    branch: z.string(),
    ruleIndex: z.number().nullable(),
    rule: z.string().optional(),
    label: z.string().optional(),
    rationale: z.string(),
  }),
  z.object({
    ...step,
    type: z.literal('approval.requested'),
    approvalId: z.string(),
    message: z.string(),
    payload: z.unknown(),
    approvers: z.array(z.string()),
    timeoutAt: z.string().optional(),
    reason: z.string(),
  }),
  z.object({
    ...step,
    type: z.literal('approval.resolved'),
    approvalId: z.string(),
    decision: z.enum(['approved', 'rejected']),
    /** The display name the person typed. */
    by: z.string(),
    /** The OS account the decision was recorded under (shared/identity.ts); absent in older runs. */
    account: z.string().optional(),
    comment: z.string().optional(),
    payload: z.unknown(),
    edited: z.boolean(),
  }),
  /** A pending approval withdrawn because its run was cancelled (by `by`). */
  z.object({ ...step, type: z.literal('approval.cancelled'), approvalId: z.string(), by: z.string() }),
  z.object({
    ...step,
    type: z.literal('approval.escalated'),
    approvalId: z.string(),
    escalationId: z.string(),
    from: z.array(z.string()),
    to: z.array(z.string()),
    timeoutAt: z.string().optional(),
  }),
  z.object({
    ...step,
    type: z.literal('policy.checked'),
    call: z.enum(['http', 'llm']),
    connector: z.string().optional(),
    riskClass: z.string(),
    decision: z.enum(['allow', 'approval', 'forbid']),
    rule: z.string(),
    zone: z.string().nullable(),
    approvalId: z.string().optional(),
  }),
  z.object({
    ...step,
    type: z.literal('budget.exceeded'),
    zone: z.string(),
    limit: BudgetLimitSchema,
    value: z.number(),
    max: z.number(),
    phase: z.enum(['before', 'after']),
  }),
  z.object({ ...step, type: z.literal('secret.accessed'), name: z.string(), found: z.boolean() }),
  z.object({
    ...step,
    type: z.literal('guardrail.checked'),
    source: z.enum(['node', 'llm']),
    verdict: GuardrailVerdictSchema,
    findings: z.array(GuardrailFindingSchema),
  }),
  /**
   * A step parked in a timed or event wait state its node type declares; `until` is ISO-8601
   * (the timer, or the timeout). `on` says what else ends it: a signal's name, or a webhook.
   */
  z.object({
    ...step,
    type: z.literal('step.waiting'),
    state: z.string(),
    until: z.string(),
    waitId: z.string().optional(),
    on: z.enum(['signal', 'webhook']).optional(),
    signal: z.string().optional(),
  }),
  /** A durable wait fired (once): by its time (`time`), a signal or its webhook; `by` says who. */
  z.object({
    ...step,
    type: z.literal('wait.fired'),
    waitId: z.string(),
    cause: z.enum(['time', 'signal', 'webhook']),
    by: z.string(),
  }),
  /**
   * The run waits: for the approval `approvalId`, or in a timed wait `state` until `until`
   * (ISO-8601). `state` names the wait state (absent on events recorded before it existed: an approval).
   */
  z.object({
    ...base,
    type: z.literal('run.waiting'),
    approvalId: z.string().optional(),
    nodeId: z.string(),
    state: z.string().optional(),
    until: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('run.finished'),
    status: RunStatusSchema.extract(['completed', 'failed', 'cancelled']),
    output: z.unknown().optional(),
    error: ErrorInfoSchema.optional(),
    durationMs: z.number(),
    usage: UsageSchema,
  }),
]);

export type EngineEvent = z.infer<typeof EngineEventSchema>;
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
    ...(a.estimated || b.estimated ? { estimated: true } : {}),
  };
}
