/**
 * Durations shown in human units: budgets and approval timeouts are stored in
 * milliseconds, but nobody types 3600000. A stored value shows in the largest unit that
 * divides it exactly, so what was typed comes back unchanged.
 */
export type DurationUnit = 's' | 'min' | 'h' | 'd';

export const UNIT_MS: Record<DurationUnit, number> = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
export const UNIT_LABEL: Record<DurationUnit, string> = { s: 'seconds', min: 'minutes', h: 'hours', d: 'days' };

/** `ms` in the largest of `units` that divides it (the smallest unit otherwise, possibly fractional). */
export function splitDuration(
  ms: number | undefined,
  units: readonly DurationUnit[],
  fallback: DurationUnit,
): { value: number | undefined; unit: DurationUnit } {
  if (ms === undefined) return { value: undefined, unit: fallback };
  const byBig = [...units].sort((a, b) => UNIT_MS[b] - UNIT_MS[a]);
  for (const u of byBig) if (ms !== 0 && ms % UNIT_MS[u] === 0) return { value: ms / UNIT_MS[u], unit: u };
  const smallest = byBig.at(-1) ?? fallback;
  return { value: ms / UNIT_MS[smallest], unit: ms === 0 ? fallback : smallest };
}

/** Whole milliseconds (the schema wants integers). */
export function toMs(value: number | undefined, unit: DurationUnit): number | undefined {
  return value === undefined ? undefined : Math.round(value * UNIT_MS[unit]);
}

/** "1 h", "90 min", "45 s" — for summaries and tooltips. */
export function formatDuration(ms: number): string {
  const { value, unit } = splitDuration(ms, ['s', 'min', 'h', 'd'], 's');
  return `${Number((value ?? 0).toFixed(2))} ${unit}`;
}
