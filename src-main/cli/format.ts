/** Small formatting helpers for human-readable CLI output. */

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function cost(usd: number | undefined): string {
  if (!usd) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(4)}`;
}

export function tokens(input: number, output: number): string {
  return input + output ? `${input}→${output} tok` : '—';
}

export function when(ms: number | undefined): string {
  return ms === undefined
    ? '—'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

/** Renders rows as an aligned text table with a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** JSON for terminals: compact when short, indented otherwise. */
export function jsonBlock(v: unknown): string {
  const compact = JSON.stringify(v);
  return compact !== undefined && compact.length <= 100 ? compact : JSON.stringify(v, null, 2);
}

/**
 * A run's status for people: a completed run whose error edge caught failures says so
 * ("completed with errors (1 caught)"), never plain "completed".
 */
export function statusText(status: string, handledErrors: number): string {
  return status === 'completed' && handledErrors > 0 ? `completed with errors (${handledErrors} caught)` : status;
}
