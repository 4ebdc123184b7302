/**
 * How a run flows through a spec, for the cost projection (project.ts): each step's outgoing
 * edges with probabilities (history, priors or named assumptions), the expected visits of every
 * step, the cost still to come from each step, and the branch shares spread toward the costlier
 * (or cheaper) branch for the high (or low) figure.
 */
import type { CostEdge } from '../../../shared/cost';
import { edgePortKey } from '../../../shared/spec/graph';
import type { SpecEdge, WorkflowSpec } from '../../../shared/spec/schema';
import type { HistoryStats } from './history';

export interface Out {
  edge: SpecEdge;
  port: string;
  p: number;
  basis: CostEdge['basis'];
  observations: number;
}

/** Where a step may go, with probabilities; what is missing to 1 ends the run there. */
export type Transitions = Map<string, Out[]>;

export function transitions(
  spec: WorkflowSpec,
  history: HistoryStats,
  useHistory: boolean,
  notes: string[],
): Transitions {
  const ids = new Set(spec.nodes.map((n) => n.id));
  const out: Transitions = new Map();
  const name = (id: string) => `"${spec.nodes.find((n) => n.id === id)?.name ?? id}"`;
  let assumedErrors = 0;
  for (const node of spec.nodes) {
    const edges = spec.edges.filter((e) => e.source === node.id && ids.has(e.target));
    if (!edges.length) continue;
    const deps = useHistory ? history.departures.get(node.id) : undefined;
    const obs = deps ? [...deps.values()].reduce((a, b) => a + b, 0) : 0;
    if (deps && obs > 0) {
      out.set(
        node.id,
        edges.map((e) => ({
          edge: e,
          port: edgePortKey(e),
          p: (deps.get(edgePortKey(e)) ?? 0) / obs,
          basis: 'history',
          observations: obs,
        })),
      );
      continue;
    }
    const list: Out[] = edges.map((e) => ({
      edge: e,
      port: edgePortKey(e),
      p: e.probability ?? 0,
      basis: e.probability !== undefined ? 'prior' : 'assumed',
      observations: 0,
    }));
    const priorSum = list.reduce((s, o) => s + (o.basis === 'prior' ? o.p : 0), 0);
    const unset = list.filter((o) => o.basis === 'assumed');
    const rest = Math.max(0, 1 - priorSum);
    let takers = unset.filter((o) => o.port === 'next');
    if (!takers.length) {
      const approved = unset.filter((o) => o.port === 'branch:approved');
      takers = node.type === 'approval' && approved.length ? approved : unset.filter((o) => o.port !== 'error');
      if (node.type === 'approval' && approved.length && rest > 0)
        notes.push(`${name(node.id)} is assumed approved (no history, no prior on its edges)`);
      else if (takers.length > 1 && rest > 0)
        notes.push(
          `the branches of ${name(node.id)} are assumed equally likely (no history, no prior): set a probability on its edges`,
        );
    }
    for (const t of takers) t.p = rest / takers.length;
    assumedErrors += unset.filter((o) => o.port === 'error' && priorSum < 1).length;
    if (!takers.length && unset.length === 0 && priorSum > 0 && priorSum < 1)
      for (const o of list) o.p = o.p / priorSum;
    out.set(node.id, list);
  }
  if (assumedErrors)
    notes.push(`${assumedErrors} error edge(s) without history or prior are assumed not taken (steps succeed)`);
  return out;
}

/** Expected visits of every step per run. */
export function visits(spec: WorkflowSpec, t: Transitions): Map<string, number> {
  const start = spec.nodes.find((n) => n.type === 'start')?.id ?? spec.nodes[0]?.id;
  let v = new Map<string, number>();
  for (let iter = 0; iter < 5000; iter++) {
    const next = new Map<string, number>(start ? [[start, 1]] : []);
    for (const [src, outs] of t) {
      const vs = v.get(src) ?? 0;
      if (!vs) continue;
      for (const o of outs) {
        let f = vs * o.p;
        if (o.edge.maxTraversals !== undefined) f = Math.min(f, o.edge.maxTraversals);
        if (f) next.set(o.edge.target, Math.min(1e6, (next.get(o.edge.target) ?? 0) + f));
      }
    }
    let diff = 0;
    for (const [k, x] of next) diff = Math.max(diff, Math.abs(x - (v.get(k) ?? 0)));
    v = next;
    if (diff < 1e-12) break;
  }
  return v;
}

/** Expected cost from each step to the end of the run (ignoring loop bounds). */
export function costToGo(
  t: Transitions,
  stepCost: (id: string) => number,
  ids: readonly string[],
): Map<string, number> {
  let c = new Map<string, number>();
  for (let iter = 0; iter < 2000; iter++) {
    const next = new Map<string, number>();
    let diff = 0;
    for (const id of ids) {
      let x = stepCost(id);
      for (const o of t.get(id) ?? []) x += o.p * (c.get(o.edge.target) ?? 0);
      next.set(id, Math.min(1e9, x));
      diff = Math.max(diff, Math.abs(x - (c.get(id) ?? 0)));
    }
    c = next;
    if (diff < 1e-15) break;
  }
  return c;
}

/** The transitions with every fork's probability moved toward its costliest (`high`) or cheapest (`low`) edge. */
export function spread(t: Transitions, togo: Map<string, number>, toward: 'low' | 'high'): Transitions {
  const out: Transitions = new Map();
  for (const [id, outs] of t) {
    const live = outs.filter((o) => o.p > 0 || o.basis !== 'history');
    if (outs.length < 2 || live.length < 2) {
      out.set(id, outs);
      continue;
    }
    const pick = [...outs].sort((a, b) => {
      const d = (togo.get(a.edge.target) ?? 0) - (togo.get(b.edge.target) ?? 0);
      return toward === 'high' ? -d : d;
    })[0] as Out;
    const basis = outs[0]?.basis;
    const n = outs[0]?.observations ?? 0;
    const others = outs.filter((o) => o !== pick).reduce((s, o) => s + o.p, 0);
    const wanted =
      basis === 'history'
        ? 1.645 * Math.sqrt(Math.max(pick.p * (1 - pick.p), 1 / (4 * n)) / n)
        : basis === 'prior'
          ? 0.1
          : 0.25;
    const delta = Math.min(wanted, others);
    if (delta <= 0) {
      out.set(id, outs);
      continue;
    }
    out.set(
      id,
      outs.map((o) => ({ ...o, p: o === pick ? o.p + delta : o.p - (others ? (o.p / others) * delta : 0) })),
    );
  }
  return out;
}
