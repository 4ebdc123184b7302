/**
 * Telemetry configuration, from the standard OpenTelemetry environment variables (the CLI and
 * the hosts) or from the app's settings (settings.ts turns those into the same shape).
 *
 * Export is on when an endpoint is given (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, used as is,
 * or `OTEL_EXPORTER_OTLP_ENDPOINT`, with `/v1/traces` appended) and `OTEL_SDK_DISABLED` is
 * not `true`. A setting Waymark cannot honour (gRPC, a malformed URL or header list) turns
 * export off with a problem in words; it never stops a run.
 */
import { DEFAULT_CONTENT_MAX_CHARS } from './content';
import { DEFAULT_QUEUE, type QueueOptions } from './export-queue';

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Where and how spans are sent. */
export interface ExportTarget {
  /** The URL spans are POSTed to (…/v1/traces). */
  url: string;
  protocol: OtlpProtocol;
  /** Resolved at every export, so a header from a secret picks up a changed value. */
  headers: () => Record<string, string>;
  /** Per-export timeout; the exporter's default (10 s, or OTEL_EXPORTER_OTLP_TIMEOUT) when absent. */
  timeoutMs?: number;
}

export interface TelemetryConfig {
  /** Undefined: export is off. */
  target?: ExportTarget;
  serviceName: string;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes: Record<string, string>;
  /** Record message content, step outputs and run input/output (redacted). Off by default. */
  captureContent: boolean;
  contentMaxChars: number;
  queue: QueueOptions;
  /**
   * How long the end of a CLI command (or a host's shutdown) waits for queued spans
   * (OTEL_BSP_EXPORT_TIMEOUT; default 2 s): what is not delivered by then is counted as lost.
   */
  flushTimeoutMs: number;
}

export interface ConfigResult {
  config: TelemetryConfig;
  /** Why export is off although something was configured, one sentence each. */
  problems: string[];
}

export const DEFAULT_SERVICE_NAME = 'waymark';

/** Default of {@link TelemetryConfig.flushTimeoutMs}: short, so a collector that is down costs a command little. */
export const DEFAULT_FLUSH_TIMEOUT_MS = 2000;

/** The URL spans go to, for a base endpoint (`/v1/traces` appended) — unless it already ends so. */
export function tracesUrl(endpoint: string): string {
  const trimmed = endpoint.trim();
  if (/\/v1\/traces\/?$/.test(trimmed)) return trimmed;
  return `${trimmed.replace(/\/+$/, '')}/v1/traces`;
}

/** Whether `text` is an http(s) URL; the reason when it is not. */
export function urlProblem(text: string): string | undefined {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `"${text}" is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return `"${text}" is not an http:// or https:// URL (OTLP/gRPC is not supported; use OTLP/HTTP, usually port 4318)`;
  return undefined;
}

/**
 * `key=value` pairs separated by commas, values URL-encoded (the OTEL_EXPORTER_OTLP_HEADERS
 * and OTEL_RESOURCE_ATTRIBUTES format). Returns the pairs and the entries it could not read.
 */
export function parseKeyValueList(text: string | undefined): { pairs: Record<string, string>; bad: string[] } {
  const pairs: Record<string, string> = {};
  const bad: string[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!key) {
      bad.push(entry.length > 40 ? `${entry.slice(0, 40)}…` : entry);
      continue;
    }
    try {
      pairs[decodeURIComponent(key)] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      bad.push(key);
    }
  }
  return { pairs, bad };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, problems: string[]): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  problems.push(`${name}="${raw}" is not a positive whole number; the default applies`);
  return undefined;
}

const truthy = (v: string | undefined) => /^(true|1|yes|on|span_only|span_and_event)$/i.test(v?.trim() ?? '');

/** The queue and content options of the environment (shared by env and settings configs). */
export function commonFromEnv(env: NodeJS.ProcessEnv, problems: string[]): Omit<TelemetryConfig, 'target'> {
  const resource = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES);
  if (resource.bad.length)
    problems.push(`OTEL_RESOURCE_ATTRIBUTES has entries that are not key=value: ${resource.bad.join(', ')}`);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || resource.pairs['service.name'] || DEFAULT_SERVICE_NAME;
  return {
    serviceName,
    resourceAttributes: resource.pairs,
    // The variable OpenTelemetry's GenAI instrumentations use for the same choice.
    captureContent: truthy(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT),
    contentMaxChars: positiveInt(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', problems) ?? DEFAULT_CONTENT_MAX_CHARS,
    queue: {
      maxQueueSize: positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', problems) ?? DEFAULT_QUEUE.maxQueueSize,
      maxBatchSize: positiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', problems) ?? DEFAULT_QUEUE.maxBatchSize,
      scheduleDelayMs: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', problems) ?? DEFAULT_QUEUE.scheduleDelayMs,
    },
    flushTimeoutMs: positiveInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', problems) ?? DEFAULT_FLUSH_TIMEOUT_MS,
  };
}

/** Whether the environment turns the SDK (or trace export) off. */
export function disabledByEnv(env: NodeJS.ProcessEnv): boolean {
  if (/^true$/i.test(env.OTEL_SDK_DISABLED?.trim() ?? '')) return true;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((s) => s.trim().toLowerCase()) ?? [];
  return exporters.length > 0 && exporters.every((x) => x === 'none');
}

/** The configuration the standard `OTEL_*` environment variables describe. */
export function telemetryConfigFromEnv(env: NodeJS.ProcessEnv): ConfigResult {
  const problems: string[] = [];
  const common = commonFromEnv(env, problems);
  const off = (): ConfigResult => ({ config: common, problems });
  if (disabledByEnv(env)) return off();
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((s) => s.trim().toLowerCase()) ?? [];
  const others = exporters.filter((x) => x && x !== 'otlp' && x !== 'none');
  if (others.length)
    problems.push(
      `OTEL_TRACES_EXPORTER="${env.OTEL_TRACES_EXPORTER}": only "otlp" is supported here (${others.join(', ')} ignored)`,
    );

  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!specific && !general) return off();
  const name = specific ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const url = specific || tracesUrl(general as string);
  const bad = urlProblem(specific || (general as string));
  if (bad) {
    problems.push(`${name}: ${bad}; traces are not exported`);
    return off();
  }

  const protocolVar = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = (env[protocolVar]?.trim() || 'http/protobuf').toLowerCase();
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    problems.push(
      `${protocolVar}="${env[protocolVar]}" is not supported; use http/protobuf (the default) or http/json` +
        (protocol === 'grpc' ? ' — OTLP/gRPC is not available here; collectors take OTLP/HTTP on port 4318' : '') +
        '; traces are not exported',
    );
    return off();
  }

  const general_ = parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS);
  const specific_ = parseKeyValueList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS);
  for (const [v, r] of [
    ['OTEL_EXPORTER_OTLP_HEADERS', general_],
    ['OTEL_EXPORTER_OTLP_TRACES_HEADERS', specific_],
  ] as const) {
    if (r.bad.length) problems.push(`${v} has entries that are not name=value: ${r.bad.join(', ')} (ignored)`);
  }
  const headers = { ...general_.pairs, ...specific_.pairs };
  const timeoutMs =
    positiveInt(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', problems) ??
    positiveInt(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', problems);
  return {
    config: {
      ...common,
      target: {
        url,
        protocol: protocol as OtlpProtocol,
        headers: () => headers,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      },
    },
    problems,
  };
}
