/**
 * Runs as a forest: forks listed under the run they were forked from (newest first at each
 * level), so "what did I try from this checkpoint" reads as a tree. A fork whose parent is
 * not in the list (filtered out, or older than the page) stays at the top level.
 */
export interface ForkRow<R> {
  run: R;
  depth: number;
}

export function forkTree<R extends { id: string; parentRunId?: string; createdAt: number }>(
  runs: readonly R[],
): ForkRow<R>[] {
  const ids = new Set(runs.map((r) => r.id));
  const kids = new Map<string, R[]>();
  const roots: R[] = [];
  for (const r of runs) {
    if (r.parentRunId && ids.has(r.parentRunId) && r.parentRunId !== r.id)
      kids.set(r.parentRunId, [...(kids.get(r.parentRunId) ?? []), r]);
    else roots.push(r);
  }
  const out: ForkRow<R>[] = [];
  const seen = new Set<string>();
  const walk = (r: R, depth: number) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push({ run: r, depth });
    for (const k of [...(kids.get(r.id) ?? [])].sort((a, b) => b.createdAt - a.createdAt)) walk(k, depth + 1);
  };
  for (const r of [...roots].sort((a, b) => b.createdAt - a.createdAt)) walk(r, 0);
  return out;
}
