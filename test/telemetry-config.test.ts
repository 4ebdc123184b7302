// The OTEL_* variables as the OpenTelemetry SDK specification defines them, and the bounded
// export queue: spans past its size are dropped and counted, never held or thrown.
import { describe, expect, it } from 'vitest';
import { ExportQueue } from '../src-main/telemetry/export-queue';
import { telemetryConfigFromEnv } from '../src-main/telemetry';
import type { SpanRecord } from '../src-main/telemetry/span-record';

describe('telemetry configuration from the environment', () => {
  it('is off without an endpoint, and when OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none says so', () => {
    expect(telemetryConfigFromEnv({}).config.target).toBeUndefined();
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(telemetryConfigFromEnv({ ...on, OTEL_SDK_DISABLED: 'TRUE' }).config.target).toBeUndefined();
    expect(telemetryConfigFromEnv({ ...on, OTEL_TRACES_EXPORTER: 'none' }).config.target).toBeUndefined();
    expect(telemetryConfigFromEnv({ ...on, OTEL_SDK_DISABLED: 'false' }).config.target).toBeDefined();
  });

  it('appends /v1/traces to the base endpoint; takes the traces endpoint as is, and prefers it', () => {
    const url = (env: Record<string, string>) => telemetryConfigFromEnv(env).config.target?.url;
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe('http://c:4318/v1/traces');
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://cloud.langfuse.com/api/public/otel/' })).toBe(
      'https://cloud.langfuse.com/api/public/otel/v1/traces',
    );
    expect(
      url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:6006/x' }),
    ).toBe('http://t:6006/x');
  });

  it('reads protocol, headers (URL-encoded, traces-specific winning), service name, timeouts and content capture', () => {
    const { config, problems } = telemetryConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20YWJj,x-a=1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-a=2',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=from-resource',
      OTEL_SERVICE_NAME: 'refunds',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_BSP_EXPORT_TIMEOUT: '700',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
    });
    expect(problems).toEqual([]);
    expect(config.target?.protocol).toBe('http/json');
    expect(config.target?.headers()).toEqual({ Authorization: 'Basic YWJj', 'x-a': '2' });
    expect(config.target?.timeoutMs).toBe(5000);
    expect(config.serviceName).toBe('refunds');
    expect(config.resourceAttributes['deployment.environment']).toBe('prod');
    expect(config.flushTimeoutMs).toBe(700);
    expect(config.captureContent).toBe(true);
    expect(telemetryConfigFromEnv({}).config).toMatchObject({
      serviceName: 'waymark',
      captureContent: false,
      flushTimeoutMs: 2000,
    });
  });

  it('names what it cannot use, in words, and keeps going', () => {
    const grpc = telemetryConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(grpc.config.target).toBeUndefined();
    expect(grpc.problems[0]).toMatch(/OTLP\/gRPC is not available here; collectors take OTLP\/HTTP on port 4318/);
    const bad = telemetryConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'novalue,ok=1',
      OTEL_BSP_MAX_QUEUE_SIZE: 'lots',
    });
    expect(bad.config.target?.headers()).toEqual({ ok: '1' });
    expect(bad.problems).toEqual([
      'OTEL_BSP_MAX_QUEUE_SIZE="lots" is not a positive whole number; the default applies',
      'OTEL_EXPORTER_OTLP_HEADERS has entries that are not name=value: novalue (ignored)',
    ]);
  });
});

const span = (i: number): SpanRecord => ({
  traceId: 'a'.repeat(32),
  spanId: i.toString(16).padStart(16, '0'),
  name: `s${i}`,
  kind: 'internal',
  startMs: 0,
  endMs: 1,
  attributes: {},
  events: [],
  links: [],
  status: { code: 'unset' },
});

describe('the export queue', () => {
  it('drops and counts what does not fit while the collector is stuck, logs it once, and never throws', async () => {
    const logs: string[] = [];
    let release: (v: string | undefined) => void = () => {};
    const sent: number[] = [];
    const q = new ExportQueue(
      (batch) => {
        sent.push(batch.length);
        return new Promise((r) => (release = r));
      },
      { maxQueueSize: 10, maxBatchSize: 4, scheduleDelayMs: 60_000 },
      (l) => logs.push(l),
    );
    for (let i = 0; i < 25; i++) q.enqueue([span(i)]);
    expect(sent).toEqual([4]);
    expect(q.snapshot()).toMatchObject({ queued: 10, dropped: 15, exported: 0 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/export queue is full \(10 spans\).*OTEL_BSP_MAX_QUEUE_SIZE/);
    release('HTTP 503: unavailable');
    await q.flush(0);
    const final = await q.close(0);
    expect(final.failed).toBeGreaterThanOrEqual(4);
    expect(final.dropped + final.failed + final.exported).toBe(25);
    expect(logs.filter((l) => l.includes('could not export spans: HTTP 503'))).toHaveLength(1);
  });
});
