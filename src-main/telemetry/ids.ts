/**
 * Trace and span ids derived from the run id and the position of what a span describes,
 * never drawn at random. Why: a run can span processes (it waits for an approval and a
 * second process continues it; it crashes and `waymark resume` picks it up), and each process
 * exports the spans of the steps it ends. Derived ids make every process agree on the trace
 * (one run = one trace), on each span's parent (the workflow span, exported last, has an id
 * every step already points at), and make a span exported twice — a backfill, a retry after a
 * crash — the same span, which backends that key spans by id keep once.
 */
import { createHash } from 'node:crypto';

function digest(text: string, hexChars: number): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, hexChars);
  // An all-zero id is invalid in OTLP; sha256 makes it astronomically unlikely, but be exact.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** The trace of a run: 32 hex characters. */
export function traceIdOf(runId: string): string {
  return digest(`waymark:trace:${runId}`, 32);
}

/** A span of a run: 16 hex characters, from what it is (`kind`) and where (`key`). */
export function spanIdOf(runId: string, kind: SpanIdKind, key: string | number = ''): string {
  return digest(`waymark:span:${runId}:${kind}:${key}`, 16);
}

/**
 * What a span id is derived from: the workflow span (`run`); a step (`step`, by step index);
 * a call or edit recorded by one event (`event`, by the event's sequence number, which the
 * store assigns once); a human wait (`approval`, by approval id).
 */
export type SpanIdKind = 'run' | 'step' | 'event' | 'approval';
