/**
 * What the API returns about runs, steps and approvals (results of the `runs.*` and
 * `approvals.*` methods in `shared/api.ts`). These mirror the engine's checkpoint records
 * (src-main/engine/store.ts) field for field, restated here because the renderer may only
 * import `shared/`; the backend maps records onto them with type-checked functions, so a
 * drift between the two fails to compile there.
 *
 * The zod schemas are the source of truth (the renderer's client checks every reply with
 * them); the types are derived.
 */
import { z } from 'zod';
import { EngineEventSchema, ErrorInfoSchema, RunStatusSchema, UsageSchema } from './events';
import { SpecSchema } from './spec/schema';

/** One row of the runs list: everything but the spec snapshot, input and output. */
export const RunSummarySchema = z.object({
  id: z.string(),
  specId: z.string(),
  specName: z.string(),
  status: RunStatusSchema,
  /** Ran with pinned data and no network (the editor's Simulate toggle, `--simulate`). */
  simulate: z.boolean(),
  /** What started it: `editor` (the app), `cli`, `manual`, … */
  trigger: z.string(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  updatedAt: z.number(),
  endedAt: z.number().optional(),
  /** `endedAt - createdAt`, once the run has ended. */
  durationMs: z.number().optional(),
  stepCount: z.number(),
  /** Tokens, LLM calls and cost so far. */
  usage: UsageSchema,
  /** Set on forks: the run this one was forked from, and from which step. */
  parentRunId: z.string().optional(),
  forkedFromStep: z.number().optional(),
  /**
   * The run was left mid-flight (the process driving it stopped while it ran) and nobody holds
   * a live lease on it: `runs.resume` continues it from its last checkpoint. A run another
   * process is driving on the same database (a CLI `waymark run`) is not interrupted: see
   * `drivenBy`.
   */
  interrupted: z.boolean(),
  /**
   * Steps that failed and were caught by an error edge. A completed run with any is
   * "completed with errors" (see shared/run-outcome.ts). Absent when none.
   */
  handledErrors: z.number().int().min(1).optional(),
  /** Set while another process drives the run (its live lease), e.g. `waymark run (pid 4242 on box)`. */
  drivenBy: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const StepStatusSchema = z.enum(['running', 'completed', 'failed', 'waiting']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** A JSON Schema document (checked for being an object only; ajv compiles it where it is used). */
const JsonSchemaObject = z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  message: 'expected a JSON Schema object',
});

/**
 * A waiting step's wait: the state (declared by its node type's description, e.g. `approval`),
 * and for timed waits when it comes due and what the node asked to get back.
 */
export const StepWaitSchema = z.object({
  state: z.string(),
  /** Epoch milliseconds; timed waits only. */
  until: z.number().optional(),
  detail: z.unknown().optional(),
  /** The row in the store's `waits` table that records this wait (timed and event waits). */
  waitId: z.string().optional(),
});
export type StepWait = z.infer<typeof StepWaitSchema>;

/** How a durable wait resolves: at a time, by a named signal, or by a call to its webhook URL. */
export const WaitKindSchema = z.enum(['time', 'signal', 'webhook']);
export type WaitKind = z.infer<typeof WaitKindSchema>;

/** `pending` until it fires (once, compare-and-set); `closed` once its step moved on or the run ended. */
export const WaitStatusSchema = z.enum(['pending', 'fired', 'closed']);
export type WaitStatus = z.infer<typeof WaitStatusSchema>;

/**
 * A durable wait (the store's `WaitRecord`, a row of its `waits` table): written in the same
 * transaction as the step that starts waiting; fired exactly once — by its time coming
 * (`wakeAt`: the timer, or the timeout of an event wait), a matching signal or its webhook.
 */
export const WaitInfoSchema = z.object({
  id: z.string(),
  runId: z.string(),
  stepIdx: z.number(),
  nodeId: z.string(),
  /** The wait state its node type declares (`timer`, `signal`, …). */
  state: z.string(),
  kind: WaitKindSchema,
  status: WaitStatusSchema,
  /** Epoch ms: when it fires by time (the timer, or the timeout of a signal or webhook wait). */
  wakeAt: z.number(),
  /** Signal waits: the signal's name. */
  signal: z.string().optional(),
  /** Signal waits: a JSONata condition over `payload` and `input` (the run input) that must hold. */
  match: z.string().optional(),
  /** Signal waits: keys a signal can be addressed by (`waymark signal --correlate key=value`). */
  correlation: z.record(z.string(), z.string()).optional(),
  /** Webhook waits: SHA-256 (hex) of the URL's token; the token itself is never stored. */
  tokenHash: z.string().optional(),
  /** Webhook waits: the HTTP method the caller must use. */
  method: z.string().optional(),
  /** Webhook waits: JSON Schema the request body must match. */
  bodySchema: JsonSchemaObject.optional(),
  /** Webhook waits: what the caller is answered. */
  reply: z.object({ status: z.number().int(), body: z.unknown().optional() }).optional(),
  createdAt: z.number(),
  firedAt: z.number().optional(),
  /** Who fired it: `system:timer`, a signal's sender, `webhook`. */
  firedBy: z.string().optional(),
  /** What fired it (`time` for a timer or a timeout). */
  cause: WaitKindSchema.optional(),
  /** The payload that woke it: the node's output. */
  payload: z.unknown().optional(),
});
export type WaitInfo = z.infer<typeof WaitInfoSchema>;

/**
 * One executed (or executing) step of a run, as checkpointed. The one definition: the engine's
 * checkpoint store uses it as `StepRecord`, the API returns it, the renderer shows it.
 */
export const StepViewSchema = z.object({
  runId: z.string(),
  idx: z.number(),
  nodeId: z.string(),
  nodeType: z.string(),
  status: StepStatusSchema,
  /**
   * Attempts sent. A request cut off by a crash is sent again as the same attempt (same
   * idempotency key), so a crash never costs one.
   */
  attempts: z.number(),
  /**
   * While the step waits to retry (backoff or `Retry-After`): when its next attempt is due,
   * epoch milliseconds. `attempts` then counts the attempts made, all failed.
   */
  retryAt: z.number().optional(),
  /** Sent as `Idempotency-Key` by side-effecting nodes; the same on every retry and resume. */
  idempotencyKey: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  latencyMs: z.number().optional(),
  /** Port the step left by (`next`, `error`, `branch:<name>`), when completed. */
  port: z.string().optional(),
  output: z.unknown().optional(),
  error: ErrorInfoSchema.optional(),
  usage: UsageSchema,
  /** Node that runs after this step; absent at the end of the run. */
  nextNodeId: z.string().optional(),
  simulated: z.boolean().optional(),
  /** Set on steps a fork copied from its parent run: their outputs were reused, not re-executed. */
  reusedFrom: z.string().optional(),
  /** Set when a fork or a debugger edit replaced this step's recorded output. */
  edited: z.boolean().optional(),
  /** What a `waiting` step waits on: a wait state its node type declares (absent on older records: an approval). */
  wait: StepWaitSchema.optional(),
});
export type StepView = z.infer<typeof StepViewSchema>;

/**
 * `escalated`: nobody decided in time and a new approval (the escalation) replaced it.
 * `cancelled`: the run was cancelled while the approval was pending (`decidedBy` cancelled it).
 */
export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'escalated', 'cancelled']);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/** An approval request and, once decided, its decision (the store's `ApprovalRecord`). */
export const ApprovalInfoSchema = z.object({
  id: z.string(),
  runId: z.string(),
  stepIdx: z.number(),
  nodeId: z.string(),
  status: ApprovalStatusSchema,
  message: z.string(),
  /** The exact structured action awaiting approval (not prose). */
  payload: z.unknown(),
  /** JSON Schema an edited payload must match. */
  payloadSchema: JsonSchemaObject.optional(),
  /** Who may decide; empty = anyone. */
  approvers: z.array(z.string()),
  /** Why a human is needed: `gate` (an approval node) or a policy rule. */
  reason: z.string(),
  requestedAt: z.number(),
  timeoutAt: z.number().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.number().optional(),
  comment: z.string().optional(),
  /** The payload as approved, when it was edited. */
  decidedPayload: z.unknown().optional(),
  edited: z.boolean().optional(),
});
export type ApprovalInfo = z.infer<typeof ApprovalInfoSchema>;

/** Everything about one run: `runs.get`. */
export const RunDetailSchema = z.object({
  run: RunSummarySchema,
  /** The spec snapshot the run executed (not the current document). */
  spec: SpecSchema,
  input: z.unknown(),
  output: z.unknown().optional(),
  error: ErrorInfoSchema.optional(),
  steps: z.array(StepViewSchema),
  approvals: z.array(ApprovalInfoSchema),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

/** A page of a run's trace: `runs.events`. */
export const EventPageSchema = z.object({
  runId: z.string(),
  /** In `seq` order, all with `seq > afterSeq`. */
  events: z.array(EngineEventSchema),
  /** Pass as `afterSeq` to get the next page. */
  nextAfterSeq: z.number(),
  /** More events exist after this page (at the time of the call). */
  hasMore: z.boolean(),
  /** Events recorded for the run so far (seqs run from 0 to total - 1), for sizing a virtual list. */
  total: z.number(),
});
export type EventPage = z.infer<typeof EventPageSchema>;

/** The output of a step that ran before an approval gate: the "why" of the request. */
export const UpstreamStepSchema = z.object({
  stepIdx: z.number(),
  nodeId: z.string(),
  nodeName: z.string(),
  nodeType: z.string(),
  status: StepStatusSchema,
  port: z.string().optional(),
  output: z.unknown().optional(),
  error: ErrorInfoSchema.optional(),
});
export type UpstreamStep = z.infer<typeof UpstreamStepSchema>;

/** A decision taken on the way to the gate (from `decision.taken` events). */
export const DecisionRationaleSchema = z.object({
  stepIdx: z.number(),
  nodeId: z.string(),
  nodeName: z.string(),
  branch: z.string(),
  /** Human-readable: which rule held, or that the default branch was taken. */
  rationale: z.string(),
  rule: z.string().optional(),
  label: z.string().optional(),
});
export type DecisionRationale = z.infer<typeof DecisionRationaleSchema>;

/** One approvals-inbox entry: what, why, and what it costs. `approvals.list`. */
export const ApprovalViewSchema = z.object({
  approval: ApprovalInfoSchema,
  runId: z.string(),
  runStatus: RunStatusSchema,
  specId: z.string(),
  specName: z.string(),
  /** The gate's display name (falls back to its id). */
  nodeName: z.string(),
  simulate: z.boolean(),
  /** Steps executed before the gate, in order, with their outputs. */
  upstream: z.array(UpstreamStepSchema),
  decisions: z.array(DecisionRationaleSchema),
  /** What the run has spent so far. */
  cost: UsageSchema,
});
export type ApprovalView = z.infer<typeof ApprovalViewSchema>;
