/**
 * Checks of the edges' cost-projection priors (`probability`): the shares of the edges that
 * leave one step add up to at most 1.
 */
import { stepNameById } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';

export function checkEdgePriors(spec: WorkflowSpec, add: (p: Problem) => void): void {
  const bySource = new Map<string, number[]>();
  spec.edges.forEach((e, j) => {
    if (e.probability === undefined) return;
    const list = bySource.get(e.source) ?? [];
    list.push(j);
    bySource.set(e.source, list);
  });
  for (const [source, idxs] of bySource) {
    const sum = idxs.reduce((s, j) => s + (spec.edges[j]?.probability ?? 0), 0);
    if (sum <= 1 + 1e-9) continue;
    const last = idxs[idxs.length - 1] as number;
    add({
      severity: 'error',
      code: 'edge.probability-sum',
      path: jsonPath(['edges', last, 'probability']),
      edgeId: spec.edges[last]?.id ?? source,
      message: `The probabilities of the edges leaving "${stepNameById(spec, source)}" add up to ${Math.round(sum * 1000) / 1000}, more than 1.`,
      hint: 'Lower them so that they add up to 1 at most (each is the share of runs that leave by that edge).',
    });
  }
}
