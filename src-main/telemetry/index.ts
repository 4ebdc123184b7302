/** The telemetry layer's public surface (see README.md). */
export { Telemetry, telemetryFromEnv, type TelemetryStatus } from './telemetry';
export {
  telemetryConfigFromEnv,
  commonFromEnv,
  disabledByEnv,
  parseKeyValueList,
  tracesUrl,
  urlProblem,
  OTLP_PROTOCOLS,
  DEFAULT_SERVICE_NAME,
  DEFAULT_FLUSH_TIMEOUT_MS,
  type ConfigResult,
  type ExportTarget,
  type OtlpProtocol,
  type TelemetryConfig,
} from './config';
export { spansOfRecordedRun, type TraceStore } from './recorder';
export { ContentPolicy } from './content';
export type { SpanRecord } from './span-record';
export { traceIdOf, spanIdOf } from './ids';
export { configFromSettings, endpointProblem, settingsFromEnv, type SecretLookup } from './settings';
