/**
 * What recorded runs say for a projection: per step, which port it left by how often (branch
 * shares, approval rates, error rates) and the tokens each visit took. Simulated steps
 * (pinned data, no model call) count for the ports only; steps a fork reused from its parent
 * are the parent's and are not counted twice.
 */
import type { RunStatus } from '../../../shared/events';
import type { StepView } from '../../../shared/runs';

/** One recorded run, as far as the projection needs it. */
export interface HistoryRun {
  simulate: boolean;
  status: RunStatus;
  steps: ReadonlyArray<Pick<StepView, 'nodeId' | 'status' | 'port' | 'usage' | 'simulated' | 'reusedFrom' | 'error'>>;
}

/** The port a run left a step by, or `fail` when the step failed with no error edge (the run ended there). */
export type Departure = string;
export const FAIL = 'fail';

export interface HistoryStats {
  runs: number;
  simulated: number;
  /** nodeId → departure → count. */
  departures: Map<string, Map<Departure, number>>;
  /** nodeId → tokens per recorded visit that called a model. */
  tokens: Map<string, { input: number[]; output: number[]; calls: number[] }>;
}

export const NO_HISTORY: HistoryStats = { runs: 0, simulated: 0, departures: new Map(), tokens: new Map() };

export function historyStats(runs: readonly HistoryRun[]): HistoryStats {
  const departures = new Map<string, Map<Departure, number>>();
  const tokens = new Map<string, { input: number[]; output: number[]; calls: number[] }>();
  let simulated = 0;
  for (const run of runs) {
    if (run.simulate) simulated++;
    for (const s of run.steps) {
      if (s.reusedFrom) continue;
      let dep: Departure | undefined;
      if (s.status === 'completed') dep = s.port ?? 'next';
      else if (s.status === 'failed') {
        // A cancelled run's step in flight says nothing about the workflow.
        if (run.status === 'cancelled' && s.port !== 'error') continue;
        dep = s.port === 'error' ? 'error' : FAIL;
      }
      if (dep === undefined) continue;
      const counts = departures.get(s.nodeId) ?? new Map<Departure, number>();
      counts.set(dep, (counts.get(dep) ?? 0) + 1);
      departures.set(s.nodeId, counts);
      if (!run.simulate && !s.simulated && s.usage.llmCalls > 0) {
        const t = tokens.get(s.nodeId) ?? { input: [], output: [], calls: [] };
        t.input.push(s.usage.inputTokens);
        t.output.push(s.usage.outputTokens);
        t.calls.push(s.usage.llmCalls);
        tokens.set(s.nodeId, t);
      }
    }
  }
  return { runs: runs.length, simulated, departures, tokens };
}

/** The q-quantile (0–1) of a sample, linearly interpolated. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
