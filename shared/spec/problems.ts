/**
 * A validation problem: what is wrong, where (a JSON path into the spec, and the node or
 * edge id when there is one), and how to fix it. Problems are collected, never thrown one
 * at a time, so an author sees everything wrong at once.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  /** Stable machine-readable code, e.g. `edge.dangling`. */
  code: string;
  /** JSON path into the spec document, e.g. `$.nodes[2].config.prompt`. */
  path: string;
  message: string;
  /** How to fix it, in one sentence. */
  hint?: string;
  nodeId?: string;
  edgeId?: string;
}

/** Formats a path of keys and indices as `$.a.b[2]["odd key"]`. */
export function jsonPath(parts: ReadonlyArray<string | number | symbol>): string {
  let out = '$';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'symbol') out += `[${String(p)}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line per problem, for terminals and logs. */
export function formatProblem(p: Problem): string {
  const where = p.nodeId ? ` (node "${p.nodeId}")` : p.edgeId ? ` (edge "${p.edgeId}")` : '';
  return `${p.severity} ${p.path}${where}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}
