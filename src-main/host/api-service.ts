/**
 * The backend half of the one API contract (`shared/api.ts`). Both transports (the web
 * host's WebSocket and Electron IPC, via the backend utility process) call
 * {@link ApiService.dispatch}, so validation is identical whichever way a call arrives:
 * `parseApiRequest` runs first, on raw input, because the renderer is untrusted.
 *
 * Handlers form a `Record` over every method, typed from the contract: adding a method to
 * the contract without a handler here fails to compile, and so does a handler whose result
 * does not match the method's result schema.
 */
import { envAllowlist, envSecrets } from '../connectors/secrets';
import { createSecretsHandlers } from './secrets-service';
import { createTelemetryService } from './telemetry-service';
import { Telemetry, telemetryConfigFromEnv } from '../telemetry';
import { secretsPortOf, type SecretStore } from './secret-store';
import path from 'node:path';
import { apiMethodsIn, parseApiRequest, type ApiErrorBody, type ApiMethod, type ApiResultIn } from '../../shared/api';
import { stringifySpec } from '../../shared/spec/canonical';
import { loadSpecText } from '../../shared/spec/load';
import { RUN_NAMESPACES, type ApiHandlers, type ApiParamsOut, type RunHandlers, type RunMethod } from './api-types';
import { ApiError, toErrorBody } from './errors';
import { createEventHub, type EventHub } from './events';
import { createDocuments, type NativeDialogs, type SavedDocument } from './documents';
import { policyEditOf } from './policy-audit';
import { createExamples } from './examples';
import { createRecentFiles } from './recent-files';
import { createWorkspace } from './workspace';
import { createRunsService, type RunsService, type RunsServiceOptions } from './runs/service';
import { describeCatalog } from '../../shared/nodes/descriptor';
import { builtinRegistry } from '../engine/nodes';
import type { HookCall } from '../engine/wake';
import type { HookReply } from './runs/wait-handlers';
import type { NodeRegistry } from '../engine/registry';

export type { ApiHandlers, ApiParamsOut } from './api-types';

/** The run database: `$WAYMARK_DB` (as for the CLI), else `<dataDir>/waymark.db`. */
export function defaultHostDbPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.WAYMARK_DB ? path.resolve(env.WAYMARK_DB) : path.join(dataDir, 'waymark.db');
}

/** Handlers that explain why runs are unavailable, when the database could not be opened. */
function unavailableRuns(reason: string): RunHandlers {
  const fail = (): Promise<never> => Promise.reject(new ApiError('internal', reason));
  return Object.fromEntries(apiMethodsIn(...RUN_NAMESPACES).map((m) => [m, fail])) as Record<RunMethod, typeof fail>;
}

/** What a transport sends back for one call (the wire reply minus the `id`). */
export type DispatchResult = { result: unknown } | { error: ApiErrorBody };

export interface ApiServiceOptions {
  /** Where `recent.json` is kept (created on first write). */
  dataDir: string;
  /** Directory holding `*.waymark.json` examples, normally `<app>/resources/examples`. */
  examplesDir: string;
  /** Native dialogs (desktop only). Without them, documents.open/save require `path`. */
  dialogs?: NativeDialogs;
  /**
   * The workspace folder (web host, no dialogs): documents are opened and saved only inside
   * it, relative paths resolve against it. Default: the process working directory. Must exist.
   */
  workspace?: string;
  /** Hub for engine events and notices; a fresh one is created when absent. */
  events?: EventHub;
  /** How many recent files to keep (default 10). */
  maxRecent?: number;
  /** Sees unexpected (internal) errors, e.g. to log them; the caller only gets a summary. */
  onInternalError?: (method: string, error: unknown) => void;
  /** The SQLite database for runs, shared with the CLI; default {@link defaultHostDbPath}. */
  dbPath?: string;
  /** Engine options: approval-timeout sweep period, trigger name, port overrides. */
  runs?: Omit<RunsServiceOptions, 'dbPath' | 'hub' | 'log'>;
  /** Background messages (a run that stopped with an engine error, a failed sweep); default stderr. */
  log?: (line: string) => void;
  /** Encrypted secret storage (desktop). Without it secrets come from the environment only. */
  secretStore?: SecretStore;
  /**
   * The node types to validate, run and serve to the editor (`catalog.get`); default the
   * built-ins. An embedder registers its own node types here.
   */
  registry?: NodeRegistry;
  /** The environment the OTEL_* configuration is read from when none is saved in the app; default `process.env`. */
  telemetryEnv?: NodeJS.ProcessEnv;
}

export interface ApiService {
  /** Validates and runs one call from an untrusted caller. Never throws. */
  dispatch(method: unknown, params: unknown): Promise<DispatchResult>;
  /** The typed handlers, for trusted in-process callers (menus, tests). No validation. */
  readonly handlers: ApiHandlers;
  /** Pushes to every transport: engine events and app notices. */
  readonly events: EventHub;
  /** A call to a webhook wait's URL (`/hooks/{token}`, served by the web host and the worker). */
  webhook(call: HookCall): Promise<HookReply>;
  /** One waker pass now (due timers and timeouts); the sweeper also runs on its interval. */
  sweep(): Promise<void>;
  /** Resolves when no run is executing in this service. */
  whenIdle(): Promise<void>;
  /** Stops timers and closes the run database. Runs in flight stay resumable (as after a crash). */
  close(): void;
}

/** Creates the API service with real handlers for every method. */
export function createApiService(opts: ApiServiceOptions): ApiService {
  const events = opts.events ?? createEventHub();
  const recent = createRecentFiles(opts.dataDir, opts.maxRecent);
  const examples = createExamples(opts.examplesDir);
  // A save that changes governance is audited (who, what changed) in the run database's log.
  let runs: RunsService | undefined;
  const onSaved = (saved: SavedDocument): void => {
    const fact = policyEditOf(saved);
    if (!fact) return;
    if (!runs) return log(`policy edit of ${saved.file} not audited: the run database is not open`);
    try {
      runs.audit(fact);
    } catch (e) {
      log(`policy edit of ${saved.file} not audited: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const documents = createDocuments(
    opts.dialogs
      ? { recent, onSaved, dialogs: opts.dialogs }
      : { recent, onSaved, workspace: createWorkspace(opts.workspace ?? process.cwd()) },
  );
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const registry = opts.registry ?? opts.runs?.runtime?.registry ?? builtinRegistry();
  const catalog = describeCatalog(registry);
  const dbPath = opts.dbPath ?? defaultHostDbPath(opts.dataDir);
  // Opened now, not on first use: pending approval timeouts are swept from the start.
  // A database that cannot be opened (wrong native module, locked, corrupt) disables runs
  // only; editing and saving documents keep working.
  let runHandlers: RunHandlers;
  // The environment answers only the variables the user allowed ($WAYMARK_ALLOW_ENV, --allow-env).
  const environment =
    opts.runs?.runtime?.secrets ?? envSecrets(process.env, envAllowlist(process.env, opts.runs?.runtime?.allowEnv));
  // Stored secrets win over the environment; the engine asks this port for every value.
  const secrets = opts.secretStore ? secretsPortOf(opts.secretStore, environment) : environment;
  // One Telemetry per host, always there (off until configured), so the Settings dialog can turn export on.
  const telemetryEnv = opts.telemetryEnv ?? process.env;
  const ownTelemetry = opts.runs?.runtime?.telemetry
    ? undefined
    : new Telemetry(telemetryConfigFromEnv(telemetryEnv).config, log);
  const telemetry = opts.runs?.runtime?.telemetry ?? (ownTelemetry as Telemetry);
  const telemetryService = createTelemetryService({
    telemetry,
    dataDir: opts.dataDir,
    env: telemetryEnv,
    secrets,
    log,
  });
  try {
    const runtime = { ...opts.runs?.runtime, registry, telemetry, ...(opts.secretStore ? { secrets } : {}) };
    runs = createRunsService({ ...opts.runs, runtime, dbPath, hub: events, log });
    runHandlers = runs.handlers;
  } catch (e) {
    const reason = `the run database ${dbPath} could not be opened: ${e instanceof Error ? e.message : String(e)}`;
    log(reason);
    runHandlers = unavailableRuns(reason);
  }

  const handlers: ApiHandlers = {
    'catalog.get': async () => catalog,
    'spec.validate': async ({ text }) => {
      const loaded = loadSpecText(text, registry);
      return loaded.spec
        ? { ok: loaded.ok, problems: loaded.problems, canonical: stringifySpec(loaded.spec) }
        : { ok: false, problems: loaded.problems };
    },
    'examples.list': () => examples.list(),
    'examples.read': ({ name }) => examples.read(name),
    'documents.open': (p) => documents.open(p),
    'documents.save': (p) => documents.save(p),
    'documents.recent': () => documents.recent(),
    'documents.browse': (p) => documents.browse(p),
    ...runHandlers,
    ...createSecretsHandlers(opts.secretStore, environment),
    ...telemetryService.handlers,
  };

  // Generic over M so `handlers[method]` and `params` stay correlated for the compiler.
  const invoke = <M extends ApiMethod>(method: M, params: ApiParamsOut<M>): Promise<ApiResultIn<M>> =>
    handlers[method](params);

  return {
    handlers,
    events,
    whenIdle: () => runs?.whenIdle() ?? Promise.resolve(),
    webhook: (call) =>
      runs
        ? runs.webhook(call)
        : Promise.resolve({ status: 503, body: { error: 'the run database is not available' } }),
    sweep: () => runs?.sweep() ?? Promise.resolve(),
    close: () => {
      runs?.close();
      void ownTelemetry?.shutdown();
    },
    async dispatch(method, rawParams) {
      const req = parseApiRequest(method, rawParams);
      if ('error' in req) return { error: req.error };
      try {
        // parseApiRequest has just validated `params` against API_METHODS[req.method]:
        // this is the single point where validated data takes its static type.
        const result = await invoke(req.method, req.params as ApiParamsOut<typeof req.method>);
        return { result };
      } catch (e) {
        const body = toErrorBody(e);
        if (body.code === 'internal') opts.onInternalError?.(req.method, e);
        return { error: body };
      }
    },
  };
}
