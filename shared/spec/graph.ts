/**
 * Graph queries over a spec's nodes and edges: outgoing edges per port, reachability and
 * strongly connected components (for the "every cycle needs a bound" rule).
 */
import type { SpecEdge } from './schema';

export function edgePortKey(e: Pick<SpecEdge, 'kind' | 'branch'>): string {
  return e.kind === 'branch' ? `branch:${e.branch ?? ''}` : e.kind;
}

/** Node ids reachable from `from` following any edge. */
export function reachable(from: string, edges: readonly SpecEdge[]): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const n = stack.pop() as string;
    for (const t of out.get(n) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/** Tarjan's SCC algorithm (iterative). Returns components with a cycle: size > 1 or a self-loop. */
export function cyclicComponents(nodeIds: readonly string[], edges: readonly SpecEdge[]): string[][] {
  const adj = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) adj.get(e.source)?.push(e.target);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const root of nodeIds) {
    if (idx.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    idx.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1] as { v: string; i: number };
      const succ = adj.get(frame.v) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++] as string;
        if (!adj.has(w)) continue;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v) as number, idx.get(w) as number));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.v, Math.min(low.get(parent.v) as number, low.get(frame.v) as number));
        if (low.get(frame.v) === idx.get(frame.v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop() as string;
            onStack.delete(w);
            comp.push(w);
          } while (w !== frame.v);
          const selfLoop = comp.length === 1 && (adj.get(comp[0] as string) ?? []).includes(comp[0] as string);
          if (comp.length > 1 || selfLoop) result.push(comp.reverse());
        }
      }
    }
  }
  return result;
}
