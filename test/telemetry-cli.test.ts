// `waymark` with OpenTelemetry export, as a user sets it up: the standard OTEL_* variables or
// the --otel-* options. A run continued by a second command lands in the same trace; a
// collector that refuses connections or never answers changes neither the outcome, nor the
// output, nor the exit code — the command ends while the collector still holds the request.
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceIdOf } from '../src-main/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from './fakes/otlp-receiver';
import { cli, EXAMPLES, tempDir } from './helpers/cli';
import { checkTrace, ofRun } from './helpers/otlp-trace';

const refund = path.join(EXAMPLES, 'refund-triage.waymark.json');
const input = JSON.stringify({ ticketId: 'T-1', orderId: 'ord_1001', message: 'It arrived cracked.' });
const dir = tempDir('waymark-otel-cli-');
let n = 0;
const db = () => path.join(dir, `runs-${++n}.db`);

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterAll(async () => {
  await rx.close();
});

/** A port nothing listens on (bound, then released). */
async function refusedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const run = (file: string, env: Record<string, string>, extra: string[] = [], runArgs: string[] = []) =>
  cli(['--db', file, '--json', ...extra, 'run', refund, '--simulate', '--input', input, ...runArgs], { env });

describe('waymark run with OpenTelemetry export', () => {
  it('exports the run from OTEL_* variables; `approve` in a second command finishes the same trace', async () => {
    const file = db();
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k1',
      OTEL_SERVICE_NAME: 'refunds-cli',
    };
    const first = await run(file, env);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).not.toContain('telemetry');
    const { runId } = JSON.parse(first.stdout);
    // The command has ended: everything it exported is already at the collector.
    const before = ofRun(runId)(rx.spans());
    expect(before.map((s) => s.name)).toContain('decision Small refund?');
    expect(before.some((s) => !s.parentSpanId)).toBe(false);

    const second = await cli(['--db', file, 'approve', runId, '--as', 'alice'], { env });
    expect(second.code, second.stderr).toBe(0);
    const spans = ofRun(runId)(rx.spans());
    checkTrace(spans, runId, 'Refund triage', 'refunds-cli');
    expect(spans.find((s) => s.name === 'await_approval Manager approval')?.attributes).toMatchObject({
      'waymark.approval.decision': 'approved',
      'waymark.approval.decided_by': 'alice',
    });
    const mine = rx.requests.filter((r) => r.spans.some((s) => s.traceId === traceIdOf(runId)));
    expect(mine.every((r) => r.protocol === 'json' && r.headers['x-api-key'] === 'k1')).toBe(true);
    expect(rx.errors).toEqual([]);
  });

  it('--otel-endpoint and --otel-protocol work without any variable, and win over them', async () => {
    const r = await run(db(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SDK_DISABLED: 'true' }, [
      '--otel-endpoint',
      rx.url,
      '--otel-protocol',
      'http/protobuf',
      '--otel-headers',
      'x-flag=yes',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const { runId } = JSON.parse(r.stdout);
    const mine = rx.requests.filter((q) => q.spans.some((s) => s.traceId === traceIdOf(runId)));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((q) => q.protocol === 'protobuf' && q.headers['x-flag'] === 'yes')).toBe(true);
  });

  it('OTEL_SDK_DISABLED=true exports nothing', async () => {
    const before = rx.requests.length;
    const r = await run(db(), { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SDK_DISABLED: 'true' });
    expect(r.code).toBe(3);
    expect(rx.requests.length).toBe(before);
  });

  it('a setting it cannot honour is named, and the run goes on unexported', async () => {
    const r = await run(db(), { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/telemetry: OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported; use http\/protobuf/);
    expect(JSON.parse(r.stdout).status).toBe('waiting');
    const bad = await run(db(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318" is not/);
  });
});

describe('a collector that is down never fails a run', () => {
  it('refused connections: same outcome, output and exit code; the loss is reported once', async () => {
    const port = await refusedPort();
    const plain = await run(db(), {}, [], ['--run-id', 'same']);
    const r = await run(
      db(),
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        // The SDK would retry for 10 minutes: the command must not wait for that.
        OTEL_EXPORTER_OTLP_TIMEOUT: '600000',
      },
      [],
      ['--run-id', 'same'],
    );
    expect(r.code).toBe(plain.code);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(plain.stdout));
    const lines = r.stderr.split('\n').filter((l) => l.includes('telemetry'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^waymark: telemetry: \d+ span\(s\) not delivered to http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(.*ECONNREFUSED\); 0 exported; the run itself is not affected$/,
    );
  });

  it('a collector that never answers: the command ends (exit 3) while the collector still holds the request', async () => {
    const hung = await startOtlpReceiver();
    hung.setResponder(() => 'hang');
    try {
      const r = await run(db(), {
        OTEL_EXPORTER_OTLP_ENDPOINT: hung.url,
        OTEL_BSP_EXPORT_TIMEOUT: '300',
        // The request would wait 10 minutes for an answer: the command must not.
        OTEL_EXPORTER_OTLP_TIMEOUT: '600000',
      });
      expect(r.code, r.stderr).toBe(3);
      expect(JSON.parse(r.stdout).status).toBe('waiting');
      expect(hung.requests.length).toBeGreaterThan(0);
      expect(hung.requests.every((q) => !q.accepted)).toBe(true);
      expect(r.stderr).toMatch(/span\(s\) not delivered to .*did not answer within 300 ms/);
    } finally {
      await hung.close();
    }
  });
});

describe('waymark otel test', () => {
  it('sends one span and says the collector accepted it', async () => {
    const r = await cli(['otel', 'test'], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`✓ the collector at ${rx.tracesUrl} accepted a test span`);
    expect(rx.spans().some((s) => s.name === 'waymark test span' && s.attributes['waymark.test'] === true)).toBe(true);
  });

  it('says why when it was not accepted (exit 1), or when nothing is configured (exit 2)', async () => {
    const port = await refusedPort();
    const r = await cli(['--json', 'otel', 'test', '--otel-endpoint', `http://127.0.0.1:${port}`], {
      env: { OTEL_EXPORTER_OTLP_TIMEOUT: '1500' },
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ delivered: false, error: expect.stringContaining('ECONNREFUSED') });
    const none = await cli(['otel', 'test'], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('export is off: no OTLP endpoint is configured');
  });
});
