/**
 * A finished span as the trace builders produce it: plain data with explicit ids and times
 * (milliseconds since the epoch, from the recorded events), before it becomes the SDK's
 * `ReadableSpan` (otlp.ts). Kept apart from the SDK types so the builders stay simple to test.
 */

/** An attribute value OTLP carries. */
export type AttrValue = string | number | boolean | string[] | number[];
export type Attributes = Record<string, AttrValue>;

export interface SpanEventRecord {
  name: string;
  atMs: number;
  attributes: Attributes;
}

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  attributes?: Attributes;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Absent on the workflow span (the root). */
  parentSpanId?: string;
  name: string;
  /** `client` for calls to a model or an API, `internal` for the rest. */
  kind: 'internal' | 'client';
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
}

/** Milliseconds since the epoch of an event's ISO timestamp (0 when unreadable). */
export function msOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** Sets `key` only when `value` is defined (attributes have no `undefined`). */
export function put(attrs: Attributes, key: string, value: AttrValue | undefined | null): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number' && !Number.isFinite(value)) return;
  attrs[key] = value;
}
