/**
 * The cost projection (docs/cost.md) over the runs recorded in this backend's database: the
 * same module as `waymark cost`, so the Cost panel and the CLI show the same figures.
 */
import { loadSpecText } from '../../../shared/spec/load';
import { gptTokenCounter } from '../../connectors/tokenizer';
import { CostInputError, projectSpecCost, type HistoryRun } from '../../engine/cost';
import type { RunHandlers } from '../api-types';
import { ApiError } from '../errors';
import type { RunsContext } from './context';

/** Most recent runs of the workflow the projection reads (as the CLI). */
const HISTORY_LIMIT = 1000;

export function costHandlers(ctx: RunsContext): Pick<RunHandlers, 'cost.project'> {
  const { runtime, checkOpen } = ctx;
  return {
    'cost.project': async ({ text, options }) => {
      checkOpen();
      const loaded = loadSpecText(text, runtime.deps.registry);
      if (!loaded.spec || !loaded.ok) {
        const errors = loaded.problems.filter((p) => p.severity === 'error').length;
        throw new ApiError(
          'invalid_spec',
          `the spec has ${errors} error(s); fix them to project its cost`,
          loaded.problems,
        );
      }
      const spec = loaded.spec;
      const runs: HistoryRun[] =
        options.basis === 'estimate'
          ? []
          : runtime.store
              .listRuns({ specId: spec.id, limit: HISTORY_LIMIT })
              .map((r) => ({ simulate: r.simulate, status: r.status, steps: runtime.store.getSteps(r.id) }));
      try {
        return await projectSpecCost(spec, runs, options, gptTokenCounter);
      } catch (e) {
        if (e instanceof CostInputError) throw new ApiError('invalid_params', e.message);
        throw e;
      }
    },
  };
}
