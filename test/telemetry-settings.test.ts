// The Settings dialog's OpenTelemetry section, through the real web host's API over its
// WebSocket: export turned on with no OTEL_* variables at all, a run's trace decoded by a
// loopback receiver, a header taken from a secret (sent to the collector, never returned),
// the settings kept across a restart of the host, the environment applying again after a
// reset, a damaged settings file reported and left alone, and bad settings refused in words.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telemetrySettingsFile } from '../src-main/host/telemetry-service';
import { startOtlpReceiver, type OtlpReceiver } from './fakes/otlp-receiver';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';
import { EXAMPLES } from './helpers/cli';
import { checkTrace, ofRun } from './helpers/otlp-trace';
import { memorySecretStore } from '../src-main/host/memory-secret-store';

const support = readFileSync(path.join(EXAMPLES, 'support-routing.waymark.json'), 'utf8');

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterAll(async () => {
  await rx.close();
});

async function open(
  dir: string | undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<{ t: TestHost; c: ApiClient; logs: string[] }> {
  const logs: string[] = [];
  const secretStore = memorySecretStore();
  secretStore.set('COLLECTOR_KEY', 'pk-collector-9f3a');
  const t = await startTestHost({
    ...(dir ? { dir } : {}),
    service: { telemetryEnv: { OTEL_BSP_SCHEDULE_DELAY: '20', ...env }, secretStore, log: (l) => logs.push(l) },
  });
  return { t, c: await connectClient(t.host), logs };
}

async function close(h: { t: TestHost; c: ApiClient }): Promise<void> {
  h.c.close();
  await h.t.host.close();
  h.t.service.close();
}

describe('telemetry settings over the API', () => {
  it('turns export on from the app, exports a run, keeps the settings across a restart, and resets to the environment', async () => {
    let h = await open(undefined);
    const dir = h.t.dir;
    try {
      const off = await h.c.ok('telemetry.get', {});
      expect(off).toMatchObject({ source: 'none', settings: { enabled: false }, status: { enabled: false } });

      const on = await h.c.ok('telemetry.configure', {
        enabled: true,
        endpoint: rx.url,
        protocol: 'http/json',
        headers: [
          { name: 'x-tenant', value: 'acme' },
          { name: 'authorization', secret: 'COLLECTOR_KEY' },
        ],
        captureContent: false,
        serviceName: 'waymark-settings-test',
      });
      expect(on.source).toBe('settings');
      expect(on.status).toMatchObject({ enabled: true, url: rx.tracesUrl, protocol: 'http/json' });
      expect(on.problems).toEqual([]);
      // The secret's value never comes back, neither in the reply nor in the file.
      expect(JSON.stringify(on)).not.toContain('pk-collector-9f3a');
      expect(readFileSync(telemetrySettingsFile(h.t.dataDir), 'utf8')).not.toContain('pk-collector-9f3a');

      const test = await h.c.ok('telemetry.test', {});
      expect(test).toEqual({ delivered: true, url: rx.tracesUrl });

      const { runId } = await h.c.ok('runs.start', {
        text: support,
        input: { message: 'The app crashes when I log in' },
        simulate: true,
      });
      expect((await h.c.finished(runId)).status).toBe('completed');
      const spans = await rx.waitFor((s) => ofRun(runId)(s).some((x) => !x.parentSpanId));
      checkTrace(ofRun(runId)(spans), runId, 'Support routing', 'waymark-settings-test');
      const req = rx.requests.find((r) => r.spans.some((s) => ofRun(runId)([s]).length));
      expect(req?.protocol).toBe('json');
      expect(req?.headers['x-tenant']).toBe('acme');
      expect(req?.headers.authorization).toBe('pk-collector-9f3a');
    } finally {
      await close(h);
    }

    // A restarted host (same data dir, an OTEL_* environment of its own) keeps the saved settings.
    h = await open(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/elsewhere' });
    try {
      const kept = await h.c.ok('telemetry.get', {});
      expect(h.logs).toContain(`telemetry: runs are exported to ${rx.tracesUrl} (saved in Settings)`);
      expect(kept).toMatchObject({ source: 'settings', status: { enabled: true, url: rx.tracesUrl } });
      const reset = await h.c.ok('telemetry.reset', {});
      expect(reset).toMatchObject({
        source: 'environment',
        settings: { enabled: true, endpoint: 'http://127.0.0.1:9/elsewhere/v1/traces' },
        status: { enabled: true, url: 'http://127.0.0.1:9/elsewhere/v1/traces' },
      });
      expect(() => readFileSync(telemetrySettingsFile(h.t.dataDir))).toThrow(/ENOENT/);
    } finally {
      await close(h);
    }
  });

  it('refuses bad settings in words and keeps what is in force', async () => {
    const h = await open(undefined);
    try {
      const base = { enabled: true, protocol: 'http/protobuf' as const, headers: [], captureContent: false };
      const grpc = await h.c.call('telemetry.configure', { ...base, endpoint: 'grpc://collector:4317' });
      expect(grpc).toEqual({
        error: expect.objectContaining({
          code: 'invalid_params',
          message: expect.stringMatching(/^Endpoint: "grpc:\/\/collector:4317" is not an http:\/\/ or https:\/\/ URL/),
        }),
      });
      const empty = await h.c.call('telemetry.configure', { ...base, endpoint: '  ' });
      expect(empty).toEqual({
        error: expect.objectContaining({
          code: 'invalid_params',
          message: expect.stringContaining('endpoint is empty'),
        }),
      });
      const header = await h.c.call('telemetry.configure', {
        ...base,
        endpoint: rx.url,
        headers: [{ name: 'bad header', value: 'x' }],
      });
      expect('error' in header && header.error.message).toMatch(/header name uses letters, digits and -/);
      const twice = await h.c.call('telemetry.configure', {
        ...base,
        endpoint: rx.url,
        headers: [
          { name: 'X-Key', value: 'a' },
          { name: 'x-key', value: 'b' },
        ],
      });
      expect('error' in twice && twice.error.message).toBe('Headers: "x-key" is listed twice; keep one');
      expect(await h.c.ok('telemetry.get', {})).toMatchObject({ source: 'none', status: { enabled: false } });

      // A secret with no value: saved, the header is left out, and the dialog says why.
      const missing = await h.c.ok('telemetry.configure', {
        ...base,
        endpoint: rx.url,
        headers: [{ name: 'authorization', secret: 'NOT_SET_ANYWHERE' }],
      });
      expect(missing.problems).toEqual([
        'header authorization: the secret NOT_SET_ANYWHERE has no value, so the header is not sent',
      ]);
      // Off keeps the endpoint for later.
      const paused = await h.c.ok('telemetry.configure', { ...base, enabled: false, endpoint: rx.url });
      expect(paused).toMatchObject({ source: 'settings', settings: { endpoint: rx.url }, status: { enabled: false } });
      expect(await h.c.ok('telemetry.test', {})).toEqual({
        delivered: false,
        error: 'export is off: no OTLP endpoint is configured',
      });
    } finally {
      await close(h);
    }
  });

  it('a damaged settings file is reported, ignored and left as it is until new settings are saved', async () => {
    const first = await open(undefined);
    const dir = first.t.dir;
    const file = telemetrySettingsFile(first.t.dataDir);
    await close(first);
    writeFileSync(file, '{"version":1,"settings":{"enabled":tru');
    const h = await open(dir);
    try {
      const st = await h.c.ok('telemetry.get', {});
      expect(st.source).toBe('none');
      expect(st.problems).toEqual([
        `the saved settings ${file} are damaged and were ignored (the environment applies); save the settings again to replace them`,
      ]);
      expect(h.logs).toContain(`telemetry: ${st.problems[0]}`);
      expect(readFileSync(file, 'utf8')).toBe('{"version":1,"settings":{"enabled":tru');
      const saved = await h.c.ok('telemetry.configure', {
        enabled: true,
        endpoint: rx.url,
        protocol: 'http/protobuf',
        headers: [],
        captureContent: false,
      });
      expect(saved.problems).toEqual([]);
      expect(JSON.parse(readFileSync(file, 'utf8')).settings.endpoint).toBe(rx.url);
    } finally {
      await close(h);
    }
  });
});
