/**
 * Looking into a run without changing it: the expression scope as it was after any step
 * (for the debugger's state view and for forks), and watch expressions evaluated there.
 */
import { evaluateBounded, inProcessSandbox } from './bounded';
import type { SandboxPort } from './ports';
import type { ExprScope } from './node-def';
import { CompiledGraph, foldSteps } from './state';
import type { CheckpointStore } from './store';
import { RunStateError } from './errors';

/** The scope `{ input, nodes, prev }` after step `stepIdx` (or after the last step). */
export function scopeAt(store: CheckpointStore, runId: string, stepIdx?: number): ExprScope {
  const run = store.getRun(runId);
  if (!run) throw new RunStateError(`there is no run "${runId}"`);
  const steps = store.getSteps(runId).filter((s) => stepIdx === undefined || s.idx <= stepIdx);
  if (stepIdx !== undefined && !steps.some((s) => s.idx === stepIdx))
    throw new RunStateError(`run ${runId} has no step ${stepIdx}`);
  // Only the scope is read, so no entry node is needed.
  return foldSteps(
    new CompiledGraph(run.spec),
    undefined,
    run.input,
    steps.filter((s) => s.status === 'completed' || s.status === 'failed'),
  ).scope;
}

export interface WatchResult {
  expression: string;
  value?: unknown;
  error?: string;
}

/**
 * Evaluates each expression against the scope after `stepIdx`; errors are reported per
 * expression. Expressions not provably cheap run in `sandbox`, under its default deadline.
 */
export async function watch(
  store: CheckpointStore,
  runId: string,
  stepIdx: number | undefined,
  expressions: readonly string[],
  sandbox: SandboxPort = inProcessSandbox(),
): Promise<WatchResult[]> {
  const scope = scopeAt(store, runId, stepIdx);
  const out: WatchResult[] = [];
  for (const expression of expressions) {
    try {
      const value = await evaluateBounded({ sandbox, subject: 'Watch' }, expression, scope);
      out.push({ expression, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) });
    } catch (e) {
      out.push({ expression, error: (e as Error).message });
    }
  }
  return out;
}
