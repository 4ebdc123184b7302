/**
 * Per-command session: global options, the runtime (engine + store), the progress printer,
 * and reporting a run outcome as output plus an exit code.
 */
import type { Command } from 'commander';
import type { RunOutcome } from '../engine/contracts';
import { parseAllowlist } from '../connectors/secrets';
import { defaultDbPath, openRuntime, type Runtime } from '../host/runtime';
import { telemetryFromEnv, type Telemetry } from '../telemetry';
import { EXIT, type ExitCode } from './exit-codes';
import { cost, jsonBlock } from './format';
import { progressPrinter } from './printer';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  secretsFile?: string;
  /** `--allow-env A,B`: environment variables that may be read as secrets (with $WAYMARK_ALLOW_ENV). */
  allowEnv?: string;
  quiet?: boolean;
  otelEndpoint?: string;
  otelProtocol?: string;
  otelHeaders?: string;
  otelCaptureContent?: boolean;
}

export interface Session {
  runtime: Runtime;
  opts: GlobalOptions;
  out(text: string): void;
  err(text: string): void;
}

/**
 * How a command uses the database: `create` makes it when missing (`run`); `existing` needs
 * it to exist and be writable (`resume`, `approve`, …); `read` needs it to exist and accepts
 * a read-only or damaged one, saying so on stderr (`runs`, `show`, `audit`).
 */
export type DbAccess = 'create' | 'existing' | 'read';

/** The run the current command is about, once known: named in storage-failure hints. */
export const current: { runId?: string; db?: string } = {};

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** The process's telemetry (from the OTEL_* variables and --otel-* options), made on first use; null while export is off. */
let telemetry: Telemetry | null | undefined;

/**
 * The environment the telemetry configuration is read from: the process's, with the
 * `--otel-*` options in place of the variables they stand for (an option wins).
 */
export function telemetryEnv(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  if (opts.otelEndpoint !== undefined) {
    out.OTEL_EXPORTER_OTLP_ENDPOINT = opts.otelEndpoint;
    delete out.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    delete out.OTEL_SDK_DISABLED;
  }
  if (opts.otelProtocol !== undefined) {
    out.OTEL_EXPORTER_OTLP_PROTOCOL = opts.otelProtocol;
    delete out.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL;
  }
  if (opts.otelHeaders !== undefined)
    out.OTEL_EXPORTER_OTLP_HEADERS = [env.OTEL_EXPORTER_OTLP_HEADERS, opts.otelHeaders].filter(Boolean).join(',');
  if (opts.otelCaptureContent) out.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
  return out;
}

function processTelemetry(opts: GlobalOptions, err: (t: string) => void): Telemetry | undefined {
  if (telemetry === undefined)
    telemetry = telemetryFromEnv(telemetryEnv(opts), (line) => err(`waymark: ${line}`)) ?? null;
  return telemetry ?? undefined;
}

/**
 * Sends the spans still queued (waiting up to OTEL_BSP_EXPORT_TIMEOUT, 2 s by default) and
 * says so when some could not be delivered. Called once, after the command; it never changes
 * the exit code. Returns whether something was given up (a request may still hold a socket).
 */
export async function closeTelemetry(): Promise<boolean> {
  const t = telemetry;
  telemetry = null;
  if (!t) return false;
  const s = await t.shutdown();
  const lost = s.dropped + s.failed;
  if (lost > 0)
    process.stderr.write(
      `waymark: telemetry: ${lost} span(s) not delivered to ${s.url ?? 'the collector'}${s.lastError ? ` (${s.lastError})` : ''}; ${s.exported} exported; the run itself is not affected\n`,
    );
  return lost > 0;
}

export function openSession(cmd: Command, withProgress: boolean, access: DbAccess = 'existing'): Session {
  const opts = globalOptions(cmd);
  const err = (t: string) => process.stderr.write(`${t}\n`);
  const printer = withProgress && !opts.json && !opts.quiet ? progressPrinter(err) : undefined;
  current.db = opts.db;
  const traced = processTelemetry(opts, err);
  const runtime = openRuntime({
    dbPath: opts.db ?? defaultDbPath(),
    access: { create: access === 'create', allowReadOnly: access === 'read' },
    ownerLabel: `waymark ${cmd.name()}`,
    ...(opts.secretsFile ? { secretsFile: opts.secretsFile } : {}),
    allowEnv: parseAllowlist(opts.allowEnv, '--allow-env'),
    onEvent: (e) => {
      current.runId ??= e.runId;
      printer?.onEvent(e);
    },
    ...(traced ? { telemetry: traced } : {}),
  });
  for (const w of runtime.store.warnings) err(`warning: ${w}`);
  return { runtime, opts, out: (t) => process.stdout.write(`${t}\n`), err };
}

export function exitCodeOf(o: RunOutcome): ExitCode {
  switch (o.status) {
    case 'completed':
      return EXIT.ok;
    case 'waiting':
    case 'paused':
      return EXIT.waiting;
    case 'failed':
      return EXIT.failed;
    case 'cancelled':
      return EXIT.cancelled;
    case 'running':
      return EXIT.internal;
    default: {
      const never: never = o.status;
      return never;
    }
  }
}

/** Prints a run outcome (result on stdout, hints on stderr) and returns the exit code. */
export function reportOutcome(s: Session, o: RunOutcome): ExitCode {
  if (s.opts.json) {
    s.out(JSON.stringify(o, null, 2));
    return exitCodeOf(o);
  }
  const approx = o.usage.estimated ? '≈' : '';
  const spend = o.usage.llmCalls
    ? ` · ${o.usage.llmCalls} LLM call(s) · ${approx}${o.usage.inputTokens + o.usage.outputTokens} tokens · ${approx}${cost(o.usage.costUsd)}${o.usage.estimated ? ' (estimated: the provider did not report usage)' : ''}`
    : '';
  switch (o.status) {
    case 'completed':
      s.err(`■ completed${spend}`);
      s.out(jsonBlock(o.output));
      break;
    case 'waiting':
      if (o.wait?.until !== undefined) {
        const db = s.opts.db ? ` --db ${s.opts.db}` : '';
        s.err(`⏸ waiting (${o.wait.state}) until ${new Date(o.wait.until).toISOString()}${spend}`);
        if (o.hookPath) {
          // Only the token's hash is stored: this is the one time the URL is shown.
          s.err(`  webhook: ${o.hookPath} on \`waymark serve\` or \`waymark worker\` (shown once; keep it)`);
          s.out(o.hookPath);
        } else if (o.wait.state === 'signal')
          s.err(`  signal it: waymark signal ${o.runId} <name> --payload '<json>'${db}`);
        s.err(`  a worker wakes it when due (waymark worker${db}), or: waymark resume ${o.runId}${db}`);
        break;
      }
      s.err(`⏸ waiting for approval ${o.approvalId ?? ''}${spend}`);
      s.err(`  approve: waymark approve ${o.runId}${s.opts.db ? ` --db ${s.opts.db}` : ''}  (or --reject)`);
      break;
    case 'failed':
      s.err(`✗ failed: ${o.error?.message ?? 'unknown error'}${spend}`);
      s.err(`  details: waymark show ${o.runId}${s.opts.db ? ` --db ${s.opts.db}` : ''}`);
      break;
    case 'cancelled':
      s.err(`■ cancelled: ${o.error?.message ?? `run ${o.runId} was cancelled`}${spend}`);
      break;
    default:
      s.err(`run ${o.runId} ${o.status}`);
  }
  return exitCodeOf(o);
}
