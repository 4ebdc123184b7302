/**
 * The app's saved OpenTelemetry settings (shared/telemetry-settings.ts) → the same
 * `TelemetryConfig` the `OTEL_*` variables give, and back (the environment's configuration
 * shown in the Settings dialog). Queue and size limits still come from the environment:
 * the dialog sets where spans go and what they carry, not the batching.
 */
import type { TelemetrySettings } from '../../shared/telemetry-settings';
import {
  commonFromEnv,
  tracesUrl,
  urlProblem,
  type ConfigResult,
  type OtlpProtocol,
  type TelemetryConfig,
} from './config';

/** Looks a secret's value up (the host's secret store, then its environment). */
export type SecretLookup = (name: string) => string | undefined;

/** Why `endpoint` cannot be exported to, in words; undefined when it can. */
export function endpointProblem(endpoint: string): string | undefined {
  if (!endpoint.trim()) return 'the endpoint is empty: enter the collector URL, e.g. http://localhost:4318';
  return urlProblem(endpoint.trim());
}

/**
 * The configuration `settings` describe. Header values from secrets are looked up at every
 * export (a replaced secret applies to the next batch); a secret with no value leaves its
 * header out and is reported in `problems`.
 */
export function configFromSettings(
  settings: TelemetrySettings,
  env: NodeJS.ProcessEnv,
  secret: SecretLookup,
): ConfigResult {
  const problems: string[] = [];
  const common: Omit<TelemetryConfig, 'target'> = {
    ...commonFromEnv(env, problems),
    captureContent: settings.captureContent,
    ...(settings.serviceName ? { serviceName: settings.serviceName } : {}),
  };
  if (!settings.enabled) return { config: common, problems };
  const bad = endpointProblem(settings.endpoint);
  if (bad) return { config: common, problems: [...problems, `${bad}; traces are not exported`] };
  for (const h of settings.headers)
    if ('secret' in h && secret(h.secret) === undefined)
      problems.push(`header ${h.name}: the secret ${h.secret} has no value, so the header is not sent`);
  const headers = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const h of settings.headers) {
      const v = 'secret' in h ? secret(h.secret) : h.value;
      if (v !== undefined) out[h.name] = v;
    }
    return out;
  };
  return {
    config: {
      ...common,
      target: { url: tracesUrl(settings.endpoint), protocol: settings.protocol as OtlpProtocol, headers },
    },
    problems,
  };
}

/**
 * The environment's configuration in the dialog's shape, to show (and start editing from).
 * Its headers are not shown: they often carry credentials.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv, config: TelemetryConfig): TelemetrySettings {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || '';
  return {
    enabled: !!config.target,
    endpoint: config.target?.url ?? endpoint,
    protocol: config.target?.protocol ?? 'http/protobuf',
    headers: [],
    captureContent: config.captureContent,
    serviceName: config.serviceName,
  };
}
