/**
 * The one API contract between the renderer (untrusted) and the backend. Typed once here;
 * served over Electron IPC (preload allowlist = the keys of API_METHODS) and over the web
 * host's WebSocket. Every call's params are validated in the backend with these schemas,
 * whichever transport it came through.
 *
 * Wire format (both transports): request `{ id, method, params }`, response
 * `{ id, result }` or `{ id, error: { code, message, problems? } }`, and server pushes
 * `{ event: EngineEvent }` / `{ notice: AppNotice }` (shared/notices.ts).
 */
import { z } from 'zod';
import type { EngineEvent, ErrorInfo } from './events';
import type { ApprovalView, EventPage, RunDetail, RunSummary } from './runs';
import type { Problem } from './spec/problems';

const PathParam = z.string().min(1).max(4096);
/** Run and approval ids are engine-made (`run_…`, `apr_…`) or CLI-chosen (`--run-id`). */
const IdParam = z.string().min(1).max(200);
const RunStatusParam = z.enum(['running', 'waiting', 'completed', 'failed', 'cancelled']);
/** The largest page `runs.events` serves: big enough to fill a screen many times over, small enough for one frame. */
export const MAX_EVENT_PAGE = 5000;

/** Params schema per method. Adding a method here adds it to both transports. */
/** Node ids to pause before / after (the debugger's breakpoints). */
const BreakpointsParam = z
  .object({
    before: z.array(z.string().min(1).max(64)).max(500).default([]),
    after: z.array(z.string().min(1).max(64)).max(500).default([]),
  })
  .strict();

export const API_METHODS = {
  /** Validate spec text with the engine's validator. */
  'spec.validate': z.object({ text: z.string().max(20_000_000) }).strict(),
  /** List the shipped example workflows. */
  'examples.list': z.object({}).strict(),
  /** Read one example's spec text. */
  'examples.read': z.object({ name: z.string().regex(/^[a-z0-9-]+$/) }).strict(),
  /** Open a spec file (desktop: native dialog when `path` is absent). */
  'documents.open': z.object({ path: PathParam.optional() }).strict(),
  /** Save spec text to a path (desktop: native dialog when `path` is absent). Returns the canonical text written. */
  'documents.save': z.object({ path: PathParam.optional(), text: z.string().max(20_000_000) }).strict(),
  /** Recently opened/saved files, newest first. */
  'documents.recent': z.object({}).strict(),
  /**
   * Validates spec text and starts a run of it in the background. Returns as soon as the run
   * exists; progress arrives as `{event}` pushes. Invalid spec → `invalid_spec` with problems;
   * input not matching the workflow's input schema → `invalid_params`.
   */
  'runs.start': z
    .object({
      text: z.string().max(20_000_000),
      input: z.unknown().default({}),
      simulate: z.boolean().default(false),
      breakpoints: BreakpointsParam.optional(),
    })
    .strict(),
  /** Run history, newest first. */
  'runs.list': z
    .object({
      status: RunStatusParam.optional(),
      specId: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    })
    .strict(),
  /** Runs left mid-flight by a stopped app or backend, newest first; `runs.resume` continues them. */
  'runs.interrupted': z.object({}).strict(),
  /** One run: summary, spec snapshot, input, output, steps and approvals. */
  'runs.get': z.object({ runId: IdParam }).strict(),
  /** A page of a run's events (its trace), in `seq` order after `afterSeq` (exclusive; -1 = from the start). */
  'runs.events': z
    .object({
      runId: IdParam,
      afterSeq: z.number().int().min(-1).default(-1),
      limit: z.number().int().min(1).max(MAX_EVENT_PAGE).default(500),
    })
    .strict(),
  /** Continues an interrupted run from its last checkpoint, in the background. */
  'runs.resume': z.object({ runId: IdParam }).strict(),
  /** Stops a run executing in this backend; it ends as cancelled. `false` when it was not executing here. */
  'runs.cancel': z.object({ runId: IdParam }).strict(),
  /** Forks a run from a completed step: reuses recorded outputs up to it (no side effect repeats), optionally with edited node outputs, and continues live. */
  'runs.fork': z
    .object({
      runId: IdParam,
      fromStep: z.number().int().min(0),
      edits: z.record(z.string().min(1).max(64), z.unknown()).optional(),
    })
    .strict(),
  /** Sets a run's breakpoints (node ids to pause before / after); they apply from its next step. */
  'runs.setBreakpoints': z.object({ runId: IdParam, breakpoints: BreakpointsParam }).strict(),
  /** Asks a run executing in this backend to pause at its next step boundary. */
  'runs.pause': z.object({ runId: IdParam }).strict(),
  /** Continues a paused run in the background. */
  'runs.continue': z.object({ runId: IdParam }).strict(),
  /** Runs one more node of a paused run, then pauses again. */
  'runs.step': z.object({ runId: IdParam }).strict(),
  /** Replaces a node's output in a paused run's state (recorded, with who did it). */
  'runs.editState': z
    .object({
      runId: IdParam,
      nodeId: z.string().min(1).max(64),
      output: z.unknown(),
      by: z.string().trim().min(1).max(200),
    })
    .strict(),
  /** Evaluates watch expressions against a run's state after a step (the last one when absent). */
  'runs.watch': z
    .object({
      runId: IdParam,
      stepIdx: z.number().int().min(0).optional(),
      expressions: z.array(z.string().min(1).max(10_000)).max(50),
    })
    .strict(),
  /** Runs one node of a spec on its own with a given scope (pinned output when `simulate`); nothing is recorded. */
  'runs.runNode': z
    .object({
      text: z.string().max(20_000_000),
      nodeId: z.string().min(1).max(64),
      scope: z
        .object({
          input: z.unknown().default({}),
          nodes: z.record(z.string(), z.unknown()).default({}),
          prev: z.unknown().default(null),
        })
        .strict(),
      simulate: z.boolean().default(false),
    })
    .strict(),
  /** The tamper-evident audit log: one run's entries (or all), in chain order, optionally only some kinds. */
  'audit.list': z
    .object({
      runId: IdParam.optional(),
      afterSeq: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(500),
      kinds: z.array(z.string().min(1).max(64)).max(50).optional(),
    })
    .strict(),
  /** Recomputes the audit hash chain; names the first bad entry when it was tampered with. */
  'audit.verify': z.object({}).strict(),
  /** Secret names (never values): declared by the spec or stored, and whether each has a value. */
  'secrets.list': z.object({ names: z.array(z.string().min(1).max(128)).max(500).default([]) }).strict(),
  /** Stores a secret value (write-only: no method ever returns it). Desktop only. */
  'secrets.set': z
    .object({
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'secret names use letters, digits and "_"'),
      value: z.string().min(1).max(100_000),
    })
    .strict(),
  /** Removes a stored secret. Desktop only. */
  'secrets.delete': z.object({ name: z.string().min(1).max(128) }).strict(),
  /** The approvals inbox: each request with what, why (upstream outputs, decisions) and cost so far. */
  'approvals.list': z
    .object({ status: z.enum(['pending', 'approved', 'rejected', 'escalated']).optional(), runId: IdParam.optional() })
    .strict(),
  /**
   * Decides a pending approval; returns once the decision is durably recorded (the run
   * continues in the background). Already decided → `conflict`; an edited payload that does
   * not match the payload schema → `invalid_params` naming the path.
   */
  'approvals.decide': z
    .object({
      approvalId: IdParam,
      decision: z.enum(['approved', 'rejected']),
      by: z.string().trim().min(1).max(200),
      comment: z.string().max(10_000).optional(),
      /** An edited payload to approve instead of the requested one. */
      payload: z.unknown().optional(),
    })
    .strict(),
} as const;

export type ApiMethod = keyof typeof API_METHODS;

/** One entry of the hash-chained audit log (storage/audit-chain.ts computes `hash`). */
export interface AuditEntryView {
  /** Global position in the chain, 1-based, no gaps. */
  seq: number;
  /** ISO-8601 time of the fact (the engine clock's time of the event). */
  at: string;
  /** The run the fact belongs to, or null for facts about no run. */
  runId: string | null;
  /** What happened: the engine event type (`run.started`, `approval.resolved`, `policy.checked`…). */
  kind: string;
  /** Who did it: `engine`, or the person who decided an approval. */
  actor: string;
  /** The fact's details (never secret values: the engine redacts before committing). */
  payload: unknown;
  /** sha256 of the previous entry (a fixed genesis hash for the first). */
  prevHash: string;
  /** sha256(prevHash + canonical JSON of the entry without `hash`). */
  hash: string;
}
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_METHODS)[M]>;

export interface ExampleInfo {
  name: string;
  title: string;
  description: string;
}

export interface DocumentFile {
  path: string;
  text: string;
}

/** Result type per method. */
export interface ApiResults {
  'spec.validate': { ok: boolean; problems: Problem[]; canonical?: string };
  'examples.list': ExampleInfo[];
  'examples.read': { name: string; text: string };
  'documents.open': DocumentFile | null;
  'documents.save': DocumentFile | null;
  'documents.recent': string[];
  'runs.start': { runId: string };
  'runs.list': RunSummary[];
  'runs.interrupted': RunSummary[];
  'runs.get': RunDetail;
  'runs.events': EventPage;
  'runs.resume': { runId: string };
  'runs.cancel': { cancelled: boolean };
  'approvals.list': ApprovalView[];
  'approvals.decide': { ok: true };
  'audit.list': AuditEntryView[];
  'audit.verify':
    | { ok: true; entries: number; head: { seq: number; hash: string } | null }
    | { ok: false; entries: number; problem: { seq: number; kind: string; message: string } };
  'secrets.list': {
    writable: boolean;
    encrypted: boolean;
    warning?: string;
    secrets: Array<{ name: string; source: 'store' | 'environment' | 'missing'; updatedAt?: string }>;
  };
  'secrets.set': { ok: true };
  'secrets.delete': { deleted: boolean };
  'runs.fork': { runId: string };
  'runs.setBreakpoints': { ok: true };
  'runs.pause': { paused: boolean };
  'runs.continue': { runId: string };
  'runs.step': { runId: string };
  'runs.editState': { ok: true };
  'runs.watch': Array<{ expression: string; value?: unknown; error?: string }>;
  'runs.runNode': {
    status: 'done' | 'wait' | 'failed';
    output?: unknown;
    port?: string;
    error?: ErrorInfo;
    simulated?: boolean;
    events: EngineEvent[];
  };
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** What the renderer holds: one function per method, whatever the transport. */
export interface WaymarkApi {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Subscribe to engine events; returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export interface ApiErrorBody {
  code: 'invalid_params' | 'unknown_method' | 'not_found' | 'conflict' | 'invalid_spec' | 'internal' | 'forbidden';
  message: string;
  problems?: Problem[];
}

/** Validates a request's method and params; returns an error body instead of throwing. */
export function parseApiRequest(
  method: unknown,
  params: unknown,
): { method: ApiMethod; params: unknown } | { error: ApiErrorBody } {
  if (typeof method !== 'string' || !Object.hasOwn(API_METHODS, method)) {
    return { error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } };
  }
  const schema = API_METHODS[method as ApiMethod];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `params${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
    );
    return { error: { code: 'invalid_params', message: `${method}: ${issues.join('; ')}` } };
  }
  return { method: method as ApiMethod, params: parsed.data };
}
