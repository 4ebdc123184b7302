/**
 * Timeline (waterfall) layout: where each span's bar sits for the run's time range, and
 * evenly spaced, human-rounded time ticks for the axis.
 */
export interface Bar {
  /** Left edge, 0..1 of the track width. */
  left: number;
  /** Width, 0..1 of the track width; at least `minWidth` so instant spans stay visible. */
  width: number;
}

export function barFor(startMs: number, endMs: number, t0: number, t1: number, minWidth = 0.004): Bar {
  const span = Math.max(1, t1 - t0);
  const left = Math.min(1, Math.max(0, (startMs - t0) / span));
  const width = Math.max(minWidth, Math.min(1 - left, Math.max(0, endMs - startMs) / span));
  return { left: Math.min(left, 1 - minWidth), width };
}

const NICE = [1, 2, 5];

/** Tick positions (ms from t0) giving about `target` ticks over `durationMs`. */
export function ticks(durationMs: number, target = 5): number[] {
  if (durationMs <= 0) return [0];
  const raw = durationMs / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = (NICE.find((n) => n * pow >= raw) ?? 10) * pow;
  const out: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** Durations as people read them: 0 ms, 850 ms, 1.2 s, 2 m 05 s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} m ${String(s).padStart(2, '0')} s`;
}

/** Cost in dollars, with enough digits for sub-cent LLM calls. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  // Sub-cent LLM calls keep two significant digits ($0.00004), not a misleading $0.0000.
  if (usd < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

/** Token counts at a glance: 950, 12k, 8.0M. */
export function formatTokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(n);
}
