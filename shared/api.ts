/**
 * The one API contract between the renderer (untrusted) and the backend: for every method,
 * a zod schema of its params and one of its result. Everything else is derived from
 * {@link API_METHODS}: the renderer's typed client (`api.runs.start({...})`, api-client.ts),
 * the backend's handler types (src-main/host/api-types.ts), the Electron preload's
 * allowlist, and the check of every call's params in the backend and of every reply in the
 * client. Adding a method is one entry here (plus its handler, which the compiler demands).
 *
 * Wire format (both transports): request `{ id, method, params }`, response
 * `{ id, result }` or `{ id, error: { code, message, problems? } }` (api-errors.ts), and
 * server pushes `{ event: EngineEvent }` / `{ notice: AppNotice }` (events.ts, notices.ts).
 * See shared/README.md.
 */
import { z } from 'zod';
import { ProblemSchema, type ApiErrorBody } from './api-errors';
import {
  AuditEntryViewSchema,
  AuditVerifySchema,
  DocumentFileSchema,
  ExampleInfoSchema,
  OkSchema,
  RunIdSchema,
  RunNodeResultSchema,
  SecretsListSchema,
  WatchResultSchema,
  WorkspaceListingSchema,
} from './api-views';
import { CostOptionsSchema, CostProjectionSchema } from './cost';
import { CatalogPayloadSchema } from './nodes/descriptor';
import { ApprovalViewSchema, EventPageSchema, RunDetailSchema, RunSummarySchema, WaitInfoSchema } from './runs';
import { TelemetrySettingsSchema, TelemetryStateSchema, TelemetryTestResultSchema } from './telemetry-settings';

export { ApiError, ApiErrorBodySchema, API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode } from './api-errors';
export type { AuditEntryView, DocumentFile, ExampleInfo, WorkspaceEntry, WorkspaceListing } from './api-views';

const PathParam = z.string().min(1).max(4096);
/** Run and approval ids are engine-made (`run_…`, `apr_…`) or CLI-chosen (`--run-id`). */
const IdParam = z.string().min(1).max(200);
const RunId = z.object({ runId: IdParam }).strict();
const NoParams = z.object({}).strict();
const RunStatusParam = z.enum(['running', 'waiting', 'paused', 'completed', 'failed', 'cancelled']);
const SpecText = z.string().max(20_000_000);
/** The largest page `runs.events` serves: big enough to fill a screen many times over, small enough for one frame. */
export const MAX_EVENT_PAGE = 5000;

/** Node ids to pause before / after (the debugger's breakpoints). */
const BreakpointsParam = z
  .object({
    before: z.array(z.string().min(1).max(64)).max(500).default([]),
    after: z.array(z.string().min(1).max(64)).max(500).default([]),
  })
  .strict();

/** One method of the contract: what it takes and what it answers. */
export interface ApiMethodSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
}

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R): ApiMethodSpec<P, R> {
  return { params, result };
}

/** Every method: `namespace.name` → params and result schemas. */
export const API_METHODS = {
  /** The node types the backend runs, as plain descriptors (the editor's palette, forms and canvas look). */
  'catalog.get': method(NoParams, CatalogPayloadSchema),
  /** Validate spec text with the engine's validator; `canonical` is the text as it would be saved. */
  'spec.validate': method(
    z.object({ text: SpecText }).strict(),
    z.object({ ok: z.boolean(), problems: z.array(ProblemSchema), canonical: z.string().optional() }),
  ),
  /** List the shipped example workflows. */
  'examples.list': method(NoParams, z.array(ExampleInfoSchema)),
  /** Read one example's spec text. */
  'examples.read': method(
    z.object({ name: z.string().regex(/^[a-z0-9-]+$/) }).strict(),
    z.object({ name: z.string(), text: z.string() }),
  ),
  /** Open a spec file (desktop: native dialog when `path` is absent; null when it was cancelled). */
  'documents.open': method(z.object({ path: PathParam.optional() }).strict(), DocumentFileSchema.nullable()),
  /** Save spec text to a path (desktop: native dialog when `path` is absent). Returns the canonical text written. */
  'documents.save': method(
    z
      .object({
        path: PathParam.optional(),
        text: SpecText,
        /** Who saves, as they typed their name: recorded beside the OS account when the save changes policy. */
        by: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    DocumentFileSchema.nullable(),
  ),
  /** Recently opened/saved files, newest first (web host: those inside the workspace). */
  'documents.recent': method(NoParams, z.array(z.string())),
  /**
   * Lists a folder of the web host's workspace (the workspace itself when `dir` is absent),
   * for its Open and Save As dialogs. Outside the workspace or through a link → `forbidden`;
   * in the desktop app (native dialogs instead) → `forbidden`.
   */
  'documents.browse': method(z.object({ dir: PathParam.optional() }).strict(), WorkspaceListingSchema),
  /**
   * Validates spec text and starts a run of it in the background. Returns as soon as the run
   * exists; progress arrives as `{event}` pushes. Invalid spec → `invalid_spec` with problems;
   * input not matching the workflow's input schema → `invalid_params`.
   */
  'runs.start': method(
    z
      .object({
        text: SpecText,
        input: z.unknown().default({}),
        simulate: z.boolean().default(false),
        breakpoints: BreakpointsParam.optional(),
      })
      .strict(),
    RunIdSchema,
  ),
  /** Run history, newest first. */
  'runs.list': method(
    z
      .object({
        status: RunStatusParam.optional(),
        specId: z.string().min(1).max(200).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.array(RunSummarySchema),
  ),
  /** Runs left mid-flight by a stopped app or backend, newest first; `runs.resume` continues them. */
  'runs.interrupted': method(NoParams, z.array(RunSummarySchema)),
  /** One run: summary, spec snapshot, input, output, steps and approvals. */
  'runs.get': method(RunId, RunDetailSchema),
  /** A page of a run's events (its trace), in `seq` order after `afterSeq` (exclusive; -1 = from the start). */
  'runs.events': method(
    z
      .object({
        runId: IdParam,
        afterSeq: z.number().int().min(-1).default(-1),
        limit: z.number().int().min(1).max(MAX_EVENT_PAGE).default(500),
      })
      .strict(),
    EventPageSchema,
  ),
  /** Continues an interrupted run from its last checkpoint, in the background. */
  'runs.resume': method(RunId, RunIdSchema),
  /**
   * Cancels a run in any state that has not ended. One driven by another process (a CLI on the
   * same database) gets a request its owner honours at its next step boundary: `requested`,
   * with `drivenBy` naming that process. A run that has ended answers `cancelled: false`.
   */
  'runs.cancel': method(
    z.object({ runId: IdParam, by: z.string().min(1).max(200).optional() }).strict(),
    z.object({ cancelled: z.boolean(), requested: z.boolean().optional(), drivenBy: z.string().optional() }),
  ),
  /** Forks a run from a completed step: reuses recorded outputs up to it (no side effect repeats), optionally with edited node outputs, and continues live. */
  'runs.fork': method(
    z
      .object({
        runId: IdParam,
        fromStep: z.number().int().min(0),
        edits: z.record(z.string().min(1).max(64), z.unknown()).optional(),
      })
      .strict(),
    RunIdSchema,
  ),
  /** Sets a run's breakpoints (node ids to pause before / after); they apply from its next step. */
  'runs.setBreakpoints': method(z.object({ runId: IdParam, breakpoints: BreakpointsParam }).strict(), OkSchema),
  /** Asks a run executing in this backend to pause at its next step boundary. */
  'runs.pause': method(RunId, z.object({ paused: z.boolean() })),
  /** Continues a paused run in the background. */
  'runs.continue': method(RunId, RunIdSchema),
  /** Runs one more node of a paused run, then pauses again. */
  'runs.step': method(RunId, RunIdSchema),
  /** Replaces a node's output in a paused run's state (recorded, with who did it). */
  'runs.editState': method(
    z
      .object({
        runId: IdParam,
        nodeId: z.string().min(1).max(64),
        output: z.unknown(),
        by: z.string().trim().min(1).max(200),
      })
      .strict(),
    OkSchema,
  ),
  /** Evaluates watch expressions against a run's state after a step (the last one when absent). */
  'runs.watch': method(
    z
      .object({
        runId: IdParam,
        stepIdx: z.number().int().min(0).optional(),
        expressions: z.array(z.string().min(1).max(10_000)).max(50),
      })
      .strict(),
    WatchResultSchema,
  ),
  /**
   * Sends a signal to the runs waiting for it: one run (`runId`), the runs whose wait has every
   * `correlate` key, or every run waiting for `name`; each matching wait fires exactly once and
   * its run continues in the background. Answers the runs it woke (none is not an error).
   */
  'runs.signal': method(
    z
      .object({
        name: z.string().min(1).max(200),
        payload: z.unknown().default(null),
        runId: IdParam.optional(),
        correlate: z.record(z.string().min(1).max(200), z.string().max(2000)).optional(),
        by: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    z.object({ woken: z.array(z.object({ runId: z.string(), waitId: z.string(), nodeId: z.string() })) }),
  ),
  /**
   * The durable waits of a run (timers, signals, webhooks), oldest first: what it waits for and
   * until when. `hookPath`: the secret path of a pending webhook wait's URL, when this backend
   * began the wait (only its hash is stored, so after a restart it is no longer known).
   */
  'runs.waits': method(RunId, z.array(WaitInfoSchema.extend({ hookPath: z.string().optional() }))),
  /** Runs one node of a spec on its own with a given scope (pinned output when `simulate`); nothing is recorded. */
  'runs.runNode': method(
    z
      .object({
        text: SpecText,
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
    RunNodeResultSchema,
  ),
  /**
   * Projects the spec's cost to a production volume (docs/cost.md) from its recorded runs in
   * this backend's database and its prompts. `invalid_spec` when the spec has errors,
   * `invalid_params` naming the volume, what-if or model that is wrong.
   */
  'cost.project': method(z.object({ text: SpecText, options: CostOptionsSchema }).strict(), CostProjectionSchema),
  /** The tamper-evident audit log: one run's entries (or all), in chain order, optionally only some kinds. */
  'audit.list': method(
    z
      .object({
        runId: IdParam.optional(),
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
        kinds: z.array(z.string().min(1).max(64)).max(50).optional(),
      })
      .strict(),
    z.array(AuditEntryViewSchema),
  ),
  /** Recomputes the audit hash chain; names the first bad entry when it was tampered with. */
  'audit.verify': method(NoParams, AuditVerifySchema),
  /** Secret names (never values): declared by the spec or stored, and whether each has a value. */
  'secrets.list': method(
    z.object({ names: z.array(z.string().min(1).max(128)).max(500).default([]) }).strict(),
    SecretsListSchema,
  ),
  /** Stores a secret value (write-only: no method ever returns it). Desktop only (`forbidden` elsewhere). */
  'secrets.set': method(
    z
      .object({
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'secret names use letters, digits and "_"'),
        value: z.string().min(1).max(100_000),
      })
      .strict(),
    OkSchema,
  ),
  /** Removes a stored secret. Desktop only (`forbidden` elsewhere). */
  'secrets.delete': method(z.object({ name: z.string().min(1).max(128) }).strict(), z.object({ deleted: z.boolean() })),
  /** The approvals inbox: each request with what, why (upstream outputs, decisions) and cost so far. */
  'approvals.list': method(
    z
      .object({
        status: z.enum(['pending', 'approved', 'rejected', 'escalated', 'cancelled']).optional(),
        runId: IdParam.optional(),
      })
      .strict(),
    z.array(ApprovalViewSchema),
  ),
  /**
   * Who decisions made through this host are recorded as: the OS account of its process
   * (shared/identity.ts). The typed display name is recorded beside it, never instead.
   */
  'approvals.whoami': method(NoParams, z.object({ account: z.string() })),
  /**
   * Decides a pending approval; returns once the decision is durably recorded (the run
   * continues in the background). Already decided → `conflict`; an edited payload that does
   * not match the payload schema → `invalid_params` naming the path.
   */
  'approvals.decide': method(
    z
      .object({
        approvalId: IdParam,
        decision: z.enum(['approved', 'rejected']),
        by: z.string().trim().min(1).max(200),
        comment: z.string().max(10_000).optional(),
        /** An edited payload to approve instead of the requested one. */
        payload: z.unknown().optional(),
      })
      .strict(),
    OkSchema,
  ),
  /** The OpenTelemetry export in force: where its configuration comes from, the settings and the counters. */
  'telemetry.get': method(NoParams, TelemetryStateSchema),
  /**
   * Saves the app's OpenTelemetry settings (they win over the OTEL_* environment from now on)
   * and applies them at once. A malformed endpoint → `invalid_params` naming the field.
   */
  'telemetry.configure': method(TelemetrySettingsSchema, TelemetryStateSchema),
  /** Forgets the saved settings: the host's OTEL_* environment applies again. */
  'telemetry.reset': method(NoParams, TelemetryStateSchema),
  /** Sends one test span to the configured collector and says whether it was accepted (and if not, why). */
  'telemetry.test': method(NoParams, TelemetryTestResultSchema),
} satisfies Record<`${string}.${string}`, ApiMethodSpec>;

export type ApiMethod = keyof typeof API_METHODS;
/** Every method name, in contract order. */
export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethod[];

/** `runs` for `runs.start`, …: the groups of the typed client (`api.runs.start`). */
export type ApiNamespace = ApiMethod extends infer M ? (M extends `${infer N}.${string}` ? N : never) : never;
/** The methods of some namespaces, e.g. `ApiMethodIn<'runs' | 'audit'>`. */
export type ApiMethodIn<N extends ApiNamespace> = Extract<ApiMethod, `${N}.${string}`>;

/** Params as a caller writes them (defaults may be left out). */
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_METHODS)[M]['params']>;
/** Params after the backend validated them (defaults applied): what a handler receives. */
export type ApiParamsOut<M extends ApiMethod> = z.output<(typeof API_METHODS)[M]['params']>;
/** A result as a handler may return it. */
export type ApiResultIn<M extends ApiMethod> = z.input<(typeof API_METHODS)[M]['result']>;
/** A result as the client hands it to the renderer, checked against the contract. */
export type ApiResult<M extends ApiMethod> = z.output<(typeof API_METHODS)[M]['result']>;
/** Result type per method. */
export type ApiResults = { [M in ApiMethod]: ApiResult<M> };

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(API_METHODS, method);
}

/** The methods of some namespaces, in contract order (e.g. everything the engine serves). */
export function apiMethodsIn<N extends ApiNamespace>(...namespaces: N[]): Array<ApiMethodIn<N>> {
  return API_METHOD_NAMES.filter((m): m is ApiMethodIn<N> => namespaces.some((n) => m.startsWith(`${n}.`)));
}

/** `params.a[2].b: message; …`: zod issues in words, each with the path it is about. */
export function describeIssues(root: string, error: z.ZodError): string {
  return error.issues
    .map(
      (i) => `${root}${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
    )
    .join('; ');
}

/** Validates a request's method and params; returns an error body instead of throwing. */
export function parseApiRequest(
  method: unknown,
  params: unknown,
): { method: ApiMethod; params: unknown } | { error: ApiErrorBody } {
  if (!isApiMethod(method)) {
    return { error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } };
  }
  const parsed = API_METHODS[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    return { error: { code: 'invalid_params', message: `${method}: ${describeIssues('params', parsed.error)}` } };
  }
  return { method, params: parsed.data };
}
