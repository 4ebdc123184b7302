// Every example run exported as an OTLP trace to a loopback receiver that decodes what it gets
// (protobuf with the official proto definitions, JSON by the OTLP/JSON mapping): span names,
// GenAI attributes, parent links — and a run that waits for a human and is continued by a
// second "process" (its own runtime and telemetry) lands in the same trace, each span once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWebApp } from '../src-main/host/launch';
import { openRuntime } from '../src-main/host/runtime';
import {
  ContentPolicy,
  spansOfRecordedRun,
  Telemetry,
  telemetryFromEnv,
  telemetryConfigFromEnv,
  traceIdOf,
  type OtlpProtocol,
} from '../src-main/telemetry';
import { startFakeLlmServer } from './fakes/fake-llm-server';
import { startLedgerServer, type LedgerServer } from './fakes/ledger-server';
import { startOtlpReceiver, type OtlpReceiver } from './fakes/otlp-receiver';
import { connectClient } from './helpers/api-client';
import { EXAMPLES, tempDir } from './helpers/cli';
import { checkTrace, ofRun } from './helpers/otlp-trace';

const PROTOCOLS: OtlpProtocol[] = ['http/protobuf', 'http/json'];
const example = (name: string) => JSON.parse(readFileSync(path.join(EXAMPLES, `${name}.waymark.json`), 'utf8'));
const secrets = { get: (n: string) => ({ OPENAI_API_KEY: 'sk-test', ORDERS_TOKEN: 'Bearer t' })[n] };

let rx: OtlpReceiver;
beforeAll(async () => {
  rx = await startOtlpReceiver();
});
afterAll(async () => {
  await rx.close();
});

/** One "process": a runtime on `db` with its own telemetry, exporting to the receiver. */
function process_(db: string, protocol: OtlpProtocol, extra: Record<string, string> = {}) {
  const { config, problems } = telemetryConfigFromEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: rx.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc',
    OTEL_SERVICE_NAME: 'waymark-test',
    OTEL_BSP_SCHEDULE_DELAY: '20',
    ...extra,
  });
  expect(problems).toEqual([]);
  const logs: string[] = [];
  const telemetry = new Telemetry(config, (l) => logs.push(l));
  const rt = openRuntime({ dbPath: db, secrets, telemetry });
  return {
    rt,
    telemetry,
    logs,
    /** Ends the process: the runtime closes, queued spans go out. */
    async end() {
      rt.close();
      return telemetry.shutdown();
    },
  };
}

describe.each(PROTOCOLS)('OTLP export over %s', (protocol) => {
  const dir = tempDir('waymark-otel-');
  let n = 0;
  const db = () => path.join(dir, `runs-${++n}.db`);

  it('refund triage (simulated): waits for the manager in one process, finishes in another — one trace, each span once', async () => {
    const file = db();
    const first = process_(file, protocol);
    const waiting = await first.rt.engine.start(
      example('refund-triage'),
      { ticketId: 'T-1', orderId: 'ord_1001', message: 'It arrived cracked.' },
      { simulate: true },
    );
    expect(waiting.status).toBe('waiting');
    const s1 = await first.end();
    const between = Date.now();
    expect(s1).toMatchObject({ dropped: 0, failed: 0, droppedEvents: 0 });
    const before = await rx.waitFor((all) => ofRun(waiting.runId)(all).some((s) => s.name === 'llm Classify ticket'));
    expect(ofRun(waiting.runId)(before).some((s) => s.name.startsWith('invoke_workflow'))).toBe(false);

    const second = process_(file, protocol);
    const done = await second.rt.engine.decide({
      approvalId: waiting.approvalId as string,
      decision: 'approved',
      by: 'alice',
    });
    expect(done.status).toBe('completed');
    await second.end();
    const spans = ofRun(done.runId)(await rx.waitFor((all) => ofRun(waiting.runId)(all).some((s) => !s.parentSpanId)));
    const root = checkTrace(spans, done.runId, 'Refund triage');
    expect(root.attributes['waymark.run.status']).toBe('completed');
    expect(root.status.code).toBe(1);

    // The approval step: started in the first process, ended in the second, one span with the wait inside.
    const step = spans.find((s) => s.name === 'approval Manager approval');
    const wait = spans.find((s) => s.name === 'await_approval Manager approval');
    expect(step?.parentSpanId).toBe(root.spanId);
    expect(wait?.parentSpanId).toBe(step?.spanId);
    expect(step?.attributes).toMatchObject({
      'waymark.step.node_type': 'approval',
      'waymark.step.status': 'completed',
    });
    expect(wait?.attributes).toMatchObject({
      'waymark.approval.decision': 'approved',
      'waymark.approval.decided_by': 'alice',
    });
    expect(wait?.startMs).toBeLessThan(between);
    expect(wait?.endMs).toBeGreaterThanOrEqual(between);
    expect(step?.startMs).toBeLessThan(between);
    const decision = spans.find((s) => s.name === 'decision Refund request?');
    expect(decision?.attributes).toMatchObject({ 'waymark.decision.branch': expect.any(String) });
    expect(decision?.events.map((e) => e.name)).toContain('decision.taken');

    // What the two processes exported is exactly what the recorded run describes.
    const reader = openRuntime({ dbPath: file, secrets });
    const recorded = spansOfRecordedRun(reader.store, done.runId, new ContentPolicy(false));
    reader.close();
    expect(spans.map((s) => `${s.spanId} ${s.name}`).sort()).toEqual(
      recorded.map((s) => `${s.spanId} ${s.name}`).sort(),
    );
    // Headers from OTEL_EXPORTER_OTLP_HEADERS, the encoding asked for.
    const req = rx.requests.find((r) => r.spans.some((s) => s.traceId === traceIdOf(done.runId)));
    expect(req?.protocol).toBe(protocol === 'http/json' ? 'json' : 'protobuf');
    expect(req?.headers).toMatchObject({ 'x-tenant': 'acme', authorization: 'Bearer abc' });
    expect(rx.errors).toEqual([]);
  });

  it.each([
    ['invoice-processing', 'Invoice processing', { poNumber: 'PO-1001', invoiceText: 'Invoice INV-1, total 1200 EUR' }],
    ['support-routing', 'Support routing', { message: 'The app crashes when I log in' }],
  ])('%s (simulated): every step a span under the workflow span', async (name, specName, input) => {
    const p = process_(db(), protocol);
    let outcome = await p.rt.engine.start(example(name), input, { simulate: true });
    while (outcome.status === 'waiting')
      outcome = await p.rt.engine.decide({ approvalId: outcome.approvalId as string, decision: 'approved', by: 'cfo' });
    await p.end();
    const spans = ofRun(outcome.runId)(
      await rx.waitFor((all) => ofRun(outcome.runId)(all).some((s) => !s.parentSpanId)),
    );
    const root = checkTrace(spans, outcome.runId, specName);
    const stepSpans = spans.filter((s) => s.parentSpanId === root.spanId);
    const spec = example(name) as { nodes: Array<{ id: string; type: string; name: string }> };
    for (const s of stepSpans) {
      const node = spec.nodes.find((x) => x.id === s.attributes['waymark.step.node_id']);
      expect(s.name).toBe(`${node?.type} ${node?.name}`);
      expect(s.attributes['waymark.step.simulated'] ?? false).toBe(node?.type === 'llm' || node?.type === 'tool');
    }
    expect(stepSpans.map((s) => s.attributes['waymark.step.node_type'])).toEqual(
      expect.arrayContaining(['start', 'llm', 'decision', 'end']),
    );
  });

  it('refund triage live (fake model, loopback ledger): chat and execute_tool spans with the GenAI attributes', async () => {
    const ledger: LedgerServer = await startLedgerServer();
    const llm = await startFakeLlmServer({ apiKey: 'sk-test' });
    try {
      const spec = example('refund-triage');
      spec.connectors.orders.baseUrl = ledger.url;
      spec.connectors.gpt.baseUrl = llm.openaiBaseUrl;
      llm.enqueue(
        {
          text: '{"category": "refund", "confidence": 0.9, "summary": "Refund for ord_1002, mail x@example.com"}',
          usage: { inputTokens: 120, outputTokens: 30 },
          model: 'gpt-4o-mini-2024-07-18',
        } as never,
        { text: 'Hello! Your refund is on its way.', usage: { inputTokens: 80, outputTokens: 12 } } as never,
      );
      const p = process_(db(), protocol);
      const out = await p.rt.engine.start(spec, {
        ticketId: 'T-9',
        orderId: 'ord_1002',
        customerEmail: 'x@example.com',
        message: 'refund please, call me at x@example.com',
      });
      expect(out.status).toBe('completed');
      await p.end();
      const spans = ofRun(out.runId)(await rx.waitFor((all) => ofRun(out.runId)(all).some((s) => !s.parentSpanId)));
      const root = checkTrace(spans, out.runId, 'Refund triage');
      expect(root.attributes).toMatchObject({
        'gen_ai.usage.input_tokens': 200,
        'gen_ai.usage.output_tokens': 42,
        'waymark.usage.llm_calls': 2,
      });
      expect(root.attributes['waymark.cost.usd']).toBeCloseTo((200 * 0.15 + 42 * 0.6) / 1e6, 12);

      const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini');
      expect(chats).toHaveLength(2);
      const classify = spans.find((s) => s.name === 'llm Classify ticket');
      const chat = chats.find((s) => s.parentSpanId === classify?.spanId);
      expect(chat?.kind).toBe(3);
      expect(chat?.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': '127.0.0.1',
        'waymark.connector': 'gpt',
      });
      expect(chat?.attributes['waymark.cost.usd']).toBeCloseTo((120 * 0.15 + 30 * 0.6) / 1e6, 12);
      // Content is off by default: no prompt, no reply.
      expect(Object.keys(chat?.attributes ?? {}).filter((k) => /messages|input\.value|output\.value/.test(k))).toEqual(
        [],
      );

      const tools = spans.filter((s) => s.name.startsWith('execute_tool '));
      expect(tools.map((s) => s.name).sort()).toEqual(['execute_tool Issue refund', 'execute_tool Look up order']);
      const lookup = tools.find((s) => s.name === 'execute_tool Look up order');
      expect(lookup?.parentSpanId).toBe(spans.find((s) => s.name === 'tool Look up order')?.spanId);
      expect(lookup?.attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'Look up order',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'server.port': ledger.port,
      });
      const refund = tools.find((s) => s.name === 'execute_tool Issue refund');
      expect(refund?.attributes['waymark.idempotency_key']).toBe(`wm-${out.runId}-6`);
    } finally {
      await ledger.close();
      await llm.close();
    }
  });
});

describe('message content', () => {
  it('is captured only when asked, with personal data redacted', async () => {
    const llm = await startFakeLlmServer({ apiKey: 'sk-test' });
    try {
      const spec = example('refund-triage');
      spec.connectors.gpt.baseUrl = llm.openaiBaseUrl;
      llm.enqueue({
        text: '{"category": "other", "confidence": 0.9, "summary": "Asks about jane.doe@example.com"}',
      } as never);
      const p = process_(path.join(tempDir('waymark-otel-'), 'c.db'), 'http/protobuf', {
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      });
      const out = await p.rt.engine.start(spec, {
        ticketId: 'T-2',
        orderId: 'ord_1001',
        message: 'Where is my parcel? Write to jane.doe@example.com',
      });
      await p.end();
      const spans = ofRun(out.runId)(await rx.waitFor((all) => ofRun(out.runId)(all).some((s) => !s.parentSpanId)));
      const chat = spans.find((s) => s.name === 'chat gpt-4o-mini');
      const input = String(chat?.attributes['gen_ai.input.messages']);
      const output = String(chat?.attributes['gen_ai.output.messages']);
      expect(JSON.parse(input)[0]).toMatchObject({ role: 'user', parts: [{ type: 'text' }] });
      expect(input).toContain('Where is my parcel?');
      expect(input + output).not.toContain('jane.doe@example.com');
      expect(input).toContain('[redacted:');
      expect(JSON.parse(output)[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    } finally {
      await llm.close();
    }
  });
});

describe('the web host (waymark serve / npm run web)', () => {
  it('exports the runs the editor starts, from the OTEL_* variables it was started with', async () => {
    const root = tempDir('waymark-otel-host-');
    mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Waymark</title>');
    mkdirSync(path.join(root, 'resources', 'examples'), { recursive: true });
    const lines: string[] = [];
    const telemetry = telemetryFromEnv(
      { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_SERVICE_NAME: 'waymark-test' },
      (l) => lines.push(l),
    );
    const host = await launchWebApp({
      root,
      port: 0,
      dataDir: path.join(root, 'data'),
      open: false,
      workspace: root,
      log: (l) => lines.push(l),
      ...(telemetry ? { telemetry } : {}),
    });
    const client = await connectClient(host);
    let runId = '';
    try {
      expect(lines).toContain(`Runs are exported as OpenTelemetry traces to ${rx.tracesUrl} (http/protobuf)`);
      runId = (
        await client.ok('runs.start', {
          text: JSON.stringify(example('support-routing')),
          input: { message: 'The app crashes when I log in' },
          simulate: true,
        })
      ).runId;
      expect((await client.finished(runId)).status).toBe('completed');
    } finally {
      client.close();
      await host.close();
    }
    const spans = ofRun(runId)(await rx.waitFor((all) => ofRun(runId)(all).some((s) => !s.parentSpanId)));
    const root_ = checkTrace(spans, runId, 'Support routing');
    expect(root_.attributes['waymark.run.trigger']).toBe('editor');
  });
});
