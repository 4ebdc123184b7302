/**
 * Durations as people say them: a number and a unit (seconds to days), stored as
 * milliseconds. The unit shown is the largest that expresses the value exactly.
 */
export const DURATION_UNITS = [
  { id: 'seconds', label: 'seconds', ms: 1_000 },
  { id: 'minutes', label: 'minutes', ms: 60_000 },
  { id: 'hours', label: 'hours', ms: 3_600_000 },
  { id: 'days', label: 'days', ms: 86_400_000 },
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number]['id'];

const unitMs = (u: DurationUnit) => DURATION_UNITS.find((x) => x.id === u)?.ms ?? 1;

/** Milliseconds as an amount and the largest unit that divides them (whole ms under a second stay in seconds). */
export function splitDuration(ms: number): { amount: number; unit: DurationUnit } {
  for (const u of [...DURATION_UNITS].reverse())
    if (ms >= u.ms && ms % u.ms === 0) return { amount: ms / u.ms, unit: u.id };
  return { amount: ms / 1000, unit: 'seconds' };
}

/** An amount typed in a unit, as whole milliseconds; undefined when it is not a positive number. */
export function toMs(amount: string, unit: DurationUnit): number | undefined {
  const t = amount.trim();
  if (!t || !Number.isFinite(Number(t)) || Number(t) <= 0) return undefined;
  return Math.round(Number(t) * unitMs(unit));
}

/** "2 days", "90 minutes", "1.5 seconds". */
export function describeDuration(ms: number): string {
  const { amount, unit } = splitDuration(ms);
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}
