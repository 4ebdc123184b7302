/**
 * Comparing two runs node by node: which outputs differ (a structural JSON diff with
 * paths), and latency, tokens and cost side by side. Pure; the compare view renders it.
 */
import type { StepView } from '../../../shared/runs';

export interface JsonChange {
  /** JSON path, `$.a.b[0]`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  a?: unknown;
  b?: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const KEY_RE = /^[A-Za-z_$][\w$]*$/;
const child = (path: string, k: string | number) =>
  typeof k === 'number' ? `${path}[${k}]` : KEY_RE.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;

/** Every difference between two JSON values, at the deepest path where it shows. */
export function diffJson(a: unknown, b: unknown, path = '$', out: JsonChange[] = [], limit = 200): JsonChange[] {
  if (out.length >= limit) return out;
  if (a === undefined && b === undefined) return out;
  if (a === undefined) return push(out, { path, kind: 'added', b });
  if (b === undefined) return push(out, { path, kind: 'removed', a });
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      diffJson(i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, child(path, i), out, limit);
    return out;
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) diffJson(a[k], b[k], child(path, k), out, limit);
    return out;
  }
  if (!Object.is(a, b)) push(out, { path, kind: 'changed', a, b });
  return out;
}

function push(out: JsonChange[], c: JsonChange): JsonChange[] {
  out.push(c);
  return out;
}

export interface NodeComparison {
  nodeId: string;
  a?: StepView;
  b?: StepView;
  changes: JsonChange[];
  /** Both ran and produced equal outputs by the same port. */
  same: boolean;
}

/** The last step of each node (what a node "produced" in a run with loops). */
function lastByNode(steps: readonly StepView[]): Map<string, StepView> {
  const m = new Map<string, StepView>();
  for (const s of steps) m.set(s.nodeId, s);
  return m;
}

/** One row per node that ran in either run, in the order they first ran (A, then B's extras). */
export function compareRuns(a: readonly StepView[], b: readonly StepView[]): NodeComparison[] {
  const la = lastByNode(a);
  const lb = lastByNode(b);
  const order = [...new Set([...a.map((s) => s.nodeId), ...b.map((s) => s.nodeId)])];
  return order.map((nodeId) => {
    const sa = la.get(nodeId);
    const sb = lb.get(nodeId);
    const changes = sa && sb ? diffJson(sa.output, sb.output) : [];
    const same = !!sa && !!sb && changes.length === 0 && sa.port === sb.port && sa.status === sb.status;
    return { nodeId, ...(sa ? { a: sa } : {}), ...(sb ? { b: sb } : {}), changes, same };
  });
}

/** "+12 ms", "−3", "" for equal: the signed delta B − A. */
export function delta(a: number | undefined, b: number | undefined, unit = ''): string {
  if (a === undefined || b === undefined || a === b) return '';
  const d = b - a;
  const v = Math.abs(d) < 1 && d !== 0 ? Math.abs(d).toPrecision(2) : String(Math.round(Math.abs(d)));
  return `${d > 0 ? '+' : '−'}${v}${unit}`;
}
