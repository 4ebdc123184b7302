/**
 * A loopback OTLP/HTTP trace receiver that DECODES what it gets, for tests of the telemetry
 * export: `POST …/v1/traces` with
 * - `application/x-protobuf`: decoded with the protobuf classes generated from the official
 *   opentelemetry-proto definitions (otlp-transformer 0.216's protobufjs root, installed under
 *   the alias `otlp-protobuf-decoder`) — independent of the hand-written writer the current
 *   exporter encodes with;
 * - `application/json`: the OTLP/JSON mapping (ids as hex strings, enums as numbers,
 *   64-bit integers as decimal strings or numbers), checked as strictly as the spec says.
 * A body that does not decode is answered 400 and recorded in `errors` (tests assert none).
 *
 * Spans are normalised to one shape whatever the encoding: hex ids, epoch-ms times, plain
 * attribute values (arrays as arrays), the resource and scope they came with.
 */
import type http from 'node:http';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { flatHeaders, listen, type Started } from './serve';

type Root = {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: {
            ExportTraceServiceRequest: { decode(b: Uint8Array): unknown; toObject(m: unknown, o: object): unknown };
          };
        };
      };
    };
  };
};
const root = createRequire(import.meta.url)('otlp-protobuf-decoder/build/src/generated/root.js') as Root;
const ExportRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

export type AttrMap = Record<string, unknown>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: AttrMap;
  events: Array<{ name: string; atMs: number; attributes: AttrMap }>;
  links: Array<{ traceId: string; spanId: string; attributes: AttrMap }>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: AttrMap;
  scope: { name: string; version?: string };
}

export interface ReceivedRequest {
  protocol: 'protobuf' | 'json';
  path: string;
  headers: Record<string, string>;
  spans: ReceivedSpan[];
  /** False when the responder answered it with an error status (its spans were not accepted). */
  accepted: boolean;
}

/** What to answer a request with; default 200 with an empty ExportTraceServiceResponse. */
export type Responder = (req: ReceivedRequest, n: number) => { status: number; body?: string } | 'hang';

export interface OtlpReceiver extends Started {
  /** `${url}/v1/traces`. */
  tracesUrl: string;
  requests: ReceivedRequest[];
  /** Bodies that did not decode, with the reason. */
  errors: string[];
  /** Every span accepted so far, in arrival order. */
  spans(): ReceivedSpan[];
  /** Resolves once `predicate(spans)` holds (polling), rejects after `timeoutMs`. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  setResponder(r: Responder | undefined): void;
  reset(): void;
}

const hexOf = (v: unknown): string => {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'string') return v;
  return '';
};

/** Nanoseconds (string, number or protobufjs Long) as epoch milliseconds. */
function msOfNanos(v: unknown): number {
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string') return Number(BigInt(v) / 1000n) / 1000;
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return Number((BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0)) / 1e6;
  }
  throw new Error(`unreadable time ${JSON.stringify(v)}`);
}

function anyValue(v: Record<string, unknown> | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue as string | number);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs((v.kvlistValue as { values?: unknown[] }).values);
  if ('bytesValue' in v) return hexOf(v.bytesValue);
  return undefined;
}

function attrs(list: unknown): AttrMap {
  const out: AttrMap = {};
  for (const kv of (list as Array<{ key: string; value?: Record<string, unknown> }>) ?? [])
    out[kv.key] = anyValue(kv.value);
  return out;
}

type Obj = Record<string, unknown>;

/** Normalises a decoded ExportTraceServiceRequest (either encoding) into spans. */
function spansOf(req: Obj): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of (req.resourceSpans as Obj[]) ?? []) {
    const resource = attrs((rs.resource as Obj | undefined)?.attributes);
    for (const ss of (rs.scopeSpans as Obj[]) ?? []) {
      const scope = (ss.scope as Obj | undefined) ?? {};
      for (const s of (ss.spans as Obj[]) ?? []) {
        const parent = hexOf(s.parentSpanId);
        const status = (s.status as Obj | undefined) ?? {};
        out.push({
          traceId: hexOf(s.traceId),
          spanId: hexOf(s.spanId),
          ...(parent ? { parentSpanId: parent } : {}),
          name: String(s.name),
          kind: Number(s.kind ?? 0),
          startMs: msOfNanos(s.startTimeUnixNano),
          endMs: msOfNanos(s.endTimeUnixNano),
          attributes: attrs(s.attributes),
          events: ((s.events as Obj[]) ?? []).map((e) => ({
            name: String(e.name),
            atMs: msOfNanos(e.timeUnixNano),
            attributes: attrs(e.attributes),
          })),
          links: ((s.links as Obj[]) ?? []).map((l) => ({
            traceId: hexOf(l.traceId),
            spanId: hexOf(l.spanId),
            attributes: attrs(l.attributes),
          })),
          status: { code: Number(status.code ?? 0), ...(status.message ? { message: String(status.message) } : {}) },
          resource,
          scope: { name: String(scope.name ?? ''), ...(scope.version ? { version: String(scope.version) } : {}) },
        });
      }
    }
  }
  return out;
}

/** OTLP/JSON says ids are hex (not base64) strings of the right length; check it. */
function checkJsonIds(spans: ReceivedSpan[]): void {
  for (const s of spans) {
    if (!/^[0-9a-f]{32}$/.test(s.traceId)) throw new Error(`traceId ${s.traceId} is not 32 lower-case hex digits`);
    if (!/^[0-9a-f]{16}$/.test(s.spanId)) throw new Error(`spanId ${s.spanId} is not 16 lower-case hex digits`);
    if (s.parentSpanId !== undefined && !/^[0-9a-f]{16}$/.test(s.parentSpanId))
      throw new Error(`parentSpanId ${s.parentSpanId} is not 16 hex digits`);
  }
}

function readRaw(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const errors: string[] = [];
  let responder: Responder | undefined;
  const started = await listen(async (req, res) => {
    try {
      if (req.method !== 'POST' || !(req.url ?? '').endsWith('/v1/traces')) {
        res.writeHead(404).end();
        return;
      }
      let body = await readRaw(req);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const type = String(req.headers['content-type'] ?? '');
      let received: ReceivedRequest;
      try {
        if (type.startsWith('application/x-protobuf')) {
          const decoded = ExportRequest.toObject(ExportRequest.decode(body), {
            longs: String,
            bytes: Buffer,
            defaults: false,
          });
          received = {
            protocol: 'protobuf',
            path: req.url ?? '',
            headers: flatHeaders(req),
            spans: spansOf(decoded as Obj),
            accepted: true,
          };
        } else if (type.startsWith('application/json')) {
          const spans = spansOf(JSON.parse(body.toString('utf8')) as Obj);
          checkJsonIds(spans);
          received = { protocol: 'json', path: req.url ?? '', headers: flatHeaders(req), spans, accepted: true };
        } else {
          throw new Error(`unexpected content-type "${type}"`);
        }
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
        res.writeHead(400, { 'content-type': 'text/plain' }).end('undecodable');
        return;
      }
      requests.push(received);
      const answer = responder?.(received, requests.length) ?? { status: 200 };
      if (answer === 'hang') {
        received.accepted = false;
        return;
      }
      received.accepted = answer.status < 400;
      const json = type.startsWith('application/json');
      res
        .writeHead(answer.status, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
        .end(answer.body ?? (json ? '{}' : ''));
    } catch (e) {
      errors.push(String(e));
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  const all = () => requests.filter((r) => r.accepted).flatMap((r) => r.spans);
  return {
    ...started,
    tracesUrl: `${started.url}/v1/traces`,
    requests,
    errors,
    spans: all,
    async waitFor(predicate, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const spans = all();
        if (predicate(spans)) return spans;
        if (Date.now() > end)
          throw new Error(
            `OTLP receiver: condition not met in ${timeoutMs} ms; got ${spans.length} span(s): ${spans.map((s) => s.name).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    setResponder(r) {
      responder = r;
    },
    reset() {
      requests.length = 0;
      errors.length = 0;
    },
  };
}
