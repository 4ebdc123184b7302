/**
 * Cost projection to a production volume (docs/cost.md): parse the options, estimate the LLM
 * steps' tokens from their prompts, fold the recorded runs, project. Used by `waymark cost`
 * and the editor's Cost panel (`cost.project`), so both show the same figures.
 */
import type { CostOptionsOut, CostProjection } from '../../../shared/cost';
import type { LlmConnector, WorkflowSpec } from '../../../shared/spec/schema';
import { estimateStep, exampleScope, type StepEstimate, type TokenCounter } from './estimate';
import { historyStats, type HistoryRun } from './history';
import { CostInputError, llmSteps, parseVolume, parseWhatIf } from './options';
import { projectCost } from './project';

export { CostInputError } from './options';
export type { TokenCounter } from './estimate';
export type { HistoryRun } from './history';

/** The projection of `spec` at the options' volume, from `runs` (its recorded runs) where they say something. */
export async function projectSpecCost(
  spec: WorkflowSpec,
  runs: readonly HistoryRun[],
  options: CostOptionsOut,
  tokens: TokenCounter,
): Promise<CostProjection> {
  const volumePerMonth = parseVolume(options.volume);
  const whatIfs = options.whatIf.map((w) => parseWhatIf(spec, w));
  if (options.basis === 'history' && runs.length === 0)
    throw new CostInputError(
      `there are no recorded runs of "${spec.name}" to project from: run it first, or project from its prompts (without --from-runs)`,
      'basis',
    );
  const scope = exampleScope(spec);
  const estimates = new Map<string, StepEstimate>();
  for (const node of llmSteps(spec)) {
    const alias = String(node.config.model ?? '');
    const conn = Object.hasOwn(spec.connectors, alias) ? spec.connectors[alias] : undefined;
    if (conn?.kind === 'llm')
      estimates.set(node.id, await estimateStep(spec, node, conn as LlmConnector, tokens, scope));
  }
  return projectCost({
    spec,
    history: historyStats(runs),
    estimates,
    volumeText: options.volume,
    volumePerMonth,
    basis: options.basis,
    whatIfs,
    infraMultiplier: options.infraMultiplier,
  });
}
