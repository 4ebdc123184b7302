/**
 * The app's OpenTelemetry settings, as the Settings dialog edits them and the backend stores
 * them (`<data dir>/telemetry.json`). Saved settings win over the `OTEL_*` environment
 * variables the host was started with; with none saved, the environment's configuration is
 * in force and shown. A header's value is either typed (not a credential: a project name, a
 * tenant) or taken from a secret by name, resolved by the backend at every export, so a
 * credential never reaches the renderer or the settings file.
 */
import { z } from 'zod';

export const OTLP_PROTOCOL_CHOICES = ['http/protobuf', 'http/json'] as const;

/** An HTTP header name (RFC 9110 token). */
const HeaderName = z
  .string()
  .trim()
  .min(1, 'a header needs a name')
  .max(128)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name uses letters, digits and - only (no spaces or colons)');

const SecretName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'a secret name uses letters, digits and "_" and does not start with a digit',
  );

export const TelemetryHeaderSchema = z.union([
  z.object({ name: HeaderName, value: z.string().max(4096) }).strict(),
  z.object({ name: HeaderName, secret: SecretName }).strict(),
]);
export type TelemetryHeader = z.infer<typeof TelemetryHeaderSchema>;

export const TelemetrySettingsSchema = z
  .object({
    /** Export on or off; the endpoint is kept while off. */
    enabled: z.boolean(),
    /** The collector's base OTLP/HTTP endpoint (`/v1/traces` is appended) or a full …/v1/traces URL. */
    endpoint: z.string().trim().max(2048),
    protocol: z.enum(OTLP_PROTOCOL_CHOICES).default('http/protobuf'),
    headers: z.array(TelemetryHeaderSchema).max(20).default([]),
    /** Record prompts, completions and step outputs (redacted). Off by default. */
    captureContent: z.boolean().default(false),
    /** `service.name` of the exported resource; default "waymark". */
    serviceName: z.string().trim().max(200).optional(),
  })
  .strict();
export type TelemetrySettings = z.infer<typeof TelemetrySettingsSchema>;
export type TelemetrySettingsInput = z.input<typeof TelemetrySettingsSchema>;

/** What the Settings dialog shows: where the configuration comes from, the settings, and the live counters. */
export const TelemetryStateSchema = z.object({
  /** `settings`: saved in the app; `environment`: the host's OTEL_* variables; `none`: neither. */
  source: z.enum(['settings', 'environment', 'none']),
  /** The configuration in force, in the dialog's shape (from the environment when `source` is `environment`; header values from the environment are not shown). */
  settings: TelemetrySettingsSchema,
  status: z.object({
    enabled: z.boolean(),
    url: z.string().optional(),
    protocol: z.string().optional(),
    exported: z.number(),
    dropped: z.number(),
    failed: z.number(),
    queued: z.number(),
    droppedEvents: z.number(),
    lastError: z.string().optional(),
    lastExportAt: z.number().optional(),
  }),
  /** Why export is off or partly ignored, one sentence each (a secret with no value, a bad URL). */
  problems: z.array(z.string()),
});
export type TelemetryState = z.infer<typeof TelemetryStateSchema>;

export const TelemetryTestResultSchema = z.object({
  delivered: z.boolean(),
  url: z.string().optional(),
  error: z.string().optional(),
});

/** The settings in force when nothing is configured. */
export const TELEMETRY_OFF: TelemetrySettings = {
  enabled: false,
  endpoint: '',
  protocol: 'http/protobuf',
  headers: [],
  captureContent: false,
};
