/**
 * From span records to the wire, with the official OpenTelemetry JS SDK: each record becomes
 * the SDK's `ReadableSpan` (ids and times as recorded), and the SDK's OTLP/HTTP exporter —
 * `@opentelemetry/exporter-trace-otlp-proto` (protobuf) or `-http` (JSON) — serialises and
 * sends it, with its own retries on 429/502/503/504 within the export timeout.
 *
 * The exporter packages are loaded on first use, so a CLI command with telemetry off pays
 * nothing for them.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import os from 'node:os';
import type { ExportTarget, TelemetryConfig } from './config';
import { GENERAL, OPENINFERENCE, SCOPE_NAME } from './conventions';
import type { BatchSender } from './export-queue';
import type { SpanRecord } from './span-record';

/** The product version reported as `service.version` and the scope version. */
export const WAYMARK_VERSION = '0.1.0';

function hr(ms: number): HrTime {
  const whole = Math.floor(ms);
  return [Math.floor(whole / 1000), (whole % 1000) * 1_000_000 + Math.round((ms - whole) * 1_000_000)];
}

const STATUS = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR } as const;

/** The resource every span carries: service, host, and the project name Phoenix files spans under. */
export function resourceOf(config: Pick<TelemetryConfig, 'serviceName' | 'resourceAttributes'>): Resource {
  return resourceFromAttributes({
    [OPENINFERENCE.projectName]: config.serviceName,
    [GENERAL.hostName]: os.hostname(),
    ...config.resourceAttributes,
    [GENERAL.serviceName]: config.serviceName,
    [GENERAL.serviceVersion]: WAYMARK_VERSION,
  });
}

/** The SDK's view of a span record. */
export function toReadableSpan(s: SpanRecord, resource: Resource): ReadableSpan {
  const ctx = { traceId: s.traceId, spanId: s.spanId, traceFlags: TraceFlags.SAMPLED };
  const end = Math.max(s.endMs, s.startMs);
  return {
    name: s.name,
    kind: s.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL,
    spanContext: () => ctx,
    ...(s.parentSpanId
      ? { parentSpanContext: { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED } }
      : {}),
    startTime: hr(s.startMs),
    endTime: hr(end),
    duration: hr(end - s.startMs),
    status: { code: STATUS[s.status.code], ...(s.status.message ? { message: s.status.message } : {}) },
    attributes: s.attributes,
    links: s.links.map((l) => ({
      context: { traceId: l.traceId, spanId: l.spanId, traceFlags: TraceFlags.SAMPLED },
      ...(l.attributes ? { attributes: l.attributes } : {}),
    })),
    events: s.events.map((e) => ({ name: e.name, time: hr(e.atMs), attributes: e.attributes })),
    ended: true,
    resource,
    instrumentationScope: { name: SCOPE_NAME, version: WAYMARK_VERSION },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** An SDK exporter and a way to cut its connections (a hung collector must not keep the process alive). */
export interface Exporter {
  exporter: SpanExporter;
  /** Destroys every socket the exporter opened: requests still in flight fail at once. */
  destroySockets: () => void;
  /** The last connection error (`ECONNREFUSED`…), which the SDK's retries otherwise hide. */
  lastNetworkError: () => string | undefined;
}

type ConnectingAgent = { createConnection: (...args: unknown[]) => { on(ev: 'error', f: (e: Error) => void): void } };

/** The SDK exporter for a target (JSON or protobuf over HTTP), on HTTP agents this module owns. */
export async function createExporter(target: ExportTarget): Promise<Exporter> {
  const agents: Array<{ destroy: () => void }> = [];
  let networkError: string | undefined;
  const options = {
    url: target.url,
    headers: async () => target.headers(),
    ...(target.timeoutMs !== undefined ? { timeoutMillis: target.timeoutMs } : {}),
    // Loaded when first needed, as the SDK asks (so an http instrumentation could wrap them).
    httpAgentOptions: async (protocol: string) => {
      const mod = protocol === 'https:' ? await import('node:https') : await import('node:http');
      const agent = new mod.Agent({ keepAlive: true });
      const connecting = agent as unknown as ConnectingAgent;
      const connect = connecting.createConnection.bind(agent);
      connecting.createConnection = (...args) => {
        const socket = connect(...args);
        socket.on('error', (e: Error & { code?: string }) => (networkError = e.code ?? e.message));
        return socket;
      };
      agents.push(agent);
      return agent;
    },
  };
  const destroySockets = () => {
    for (const a of agents.splice(0)) a.destroy();
  };
  const lastNetworkError = () => networkError;
  if (target.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return { exporter: new OTLPTraceExporter(options), destroySockets, lastNetworkError };
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return { exporter: new OTLPTraceExporter(options), destroySockets, lastNetworkError };
}

/** A readable sentence for an exporter's failure (status code and body when the collector answered). */
export function exportErrorText(result: ExportResult): string {
  const e = result.error as (Error & { code?: number; data?: string }) | undefined;
  if (!e) return 'the exporter reported a failure without a reason';
  const status = typeof e.code === 'number' ? `HTTP ${e.code}` : undefined;
  const body = typeof e.data === 'string' && e.data.trim() ? e.data.trim().slice(0, 200) : undefined;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return [status, e.message, detail && !e.message.includes(detail) ? detail : undefined, body]
    .filter((x): x is string => !!x)
    .join(': ');
}

/** Sends one batch through `exporter`; resolves with an error sentence when it was not delivered. */
export function exportBatch(exporter: SpanExporter, spans: readonly ReadableSpan[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      exporter.export([...spans], (result) =>
        resolve(result.code === ExportResultCode.SUCCESS ? undefined : exportErrorText(result)),
      );
    } catch (e) {
      resolve(e instanceof Error ? e.message : String(e));
    }
  });
}

/** How long closing waits for the exporter's own shutdown before its sockets are cut. */
const EXPORTER_SHUTDOWN_GRACE_MS = 200;

/** A queue sender over a (lazily created) exporter for `target`. */
export function otlpSender(
  target: ExportTarget,
  config: Pick<TelemetryConfig, 'serviceName' | 'resourceAttributes'>,
): { send: BatchSender; shutdown: () => Promise<void>; lastNetworkError: () => string | undefined } {
  const resource = resourceOf(config);
  let created: Promise<Exporter> | undefined;
  let made: Exporter | undefined;
  const get = () =>
    (created ??= createExporter(target).then((ex) => {
      made = ex;
      return ex;
    }));
  return {
    send: async (batch) => {
      let ex: Exporter;
      try {
        ex = await get();
      } catch (e) {
        return `the OTLP exporter could not be created: ${e instanceof Error ? e.message : String(e)}`;
      }
      return exportBatch(
        ex.exporter,
        batch.map((s) => toReadableSpan(s, resource)),
      );
    },
    lastNetworkError: () => made?.lastNetworkError(),
    // The queue has already waited its flush timeout: what is still in flight is given up.
    shutdown: async () => {
      if (!created) return;
      let ex: Exporter;
      try {
        ex = await created;
      } catch {
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          ex.exporter.shutdown(),
          new Promise((r) => {
            timer = setTimeout(r, EXPORTER_SHUTDOWN_GRACE_MS);
          }),
        ]);
      } catch {
        // Shutting down a broken exporter: nothing left to do.
      } finally {
        clearTimeout(timer);
        ex.destroySockets();
      }
    },
  };
}
