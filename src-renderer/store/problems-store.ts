/**
 * Validation problems from the backend (`spec.validate`; the validator needs ajv, which
 * needs eval, which the renderer's CSP forbids). Per-node counts are kept as separate,
 * identity-stable objects so a problem appearing on one node re-renders only that node.
 */
import { create } from 'zustand';
import type { Problem } from '../../shared/spec/problems';
import type { WorkflowSpec } from '../../shared/spec/schema';

export interface Counts {
  errors: number;
  warnings: number;
}

export interface ProblemsState {
  problems: Problem[];
  byNode: Record<string, Counts>;
  byEdge: Record<string, Counts>;
  /** The spec these problems are about (null before the first validation). */
  validated: WorkflowSpec | null;
  status: 'idle' | 'validating' | 'ok' | 'offline';
  error: string | null;
}

export const useProblems = create<ProblemsState>()(() => ({
  problems: [],
  byNode: {},
  byEdge: {},
  validated: null,
  status: 'idle',
  error: null,
}));

/** The node a problem is about: its nodeId, or the node its path points into. */
export function problemNode(p: Problem, spec: WorkflowSpec): string | undefined {
  if (p.nodeId) return p.nodeId;
  const m = /^\$\.nodes\[(\d+)\]/.exec(p.path);
  return m ? spec.nodes[Number(m[1])]?.id : undefined;
}

export function problemEdge(p: Problem, spec: WorkflowSpec): string | undefined {
  if (p.edgeId) return p.edgeId;
  const m = /^\$\.edges\[(\d+)\]/.exec(p.path);
  return m ? spec.edges[Number(m[1])]?.id : undefined;
}

export function problemZone(p: Problem, spec: WorkflowSpec): string | undefined {
  const m = /^\$\.zones\[(\d+)\]/.exec(p.path);
  return m ? spec.zones[Number(m[1])]?.id : undefined;
}

function tally(keys: Array<[string | undefined, Problem]>, prev: Record<string, Counts>): Record<string, Counts> {
  const next: Record<string, Counts> = {};
  for (const [k, p] of keys) {
    if (!k) continue;
    const c = (next[k] ??= { errors: 0, warnings: 0 });
    if (p.severity === 'error') c.errors++;
    else c.warnings++;
  }
  // Reuse previous objects when the counts did not change (stable identity → no re-render).
  for (const [k, c] of Object.entries(next)) {
    const old = prev[k];
    if (old && old.errors === c.errors && old.warnings === c.warnings) next[k] = old;
  }
  return next;
}

export function setProblems(problems: Problem[], spec: WorkflowSpec): void {
  const s = useProblems.getState();
  useProblems.setState({
    problems,
    validated: spec,
    byNode: tally(
      problems.map((p) => [problemNode(p, spec), p]),
      s.byNode,
    ),
    byEdge: tally(
      problems.map((p) => [problemEdge(p, spec), p]),
      s.byEdge,
    ),
    status: 'ok',
    error: null,
  });
}
