/**
 * How a run ended, as people read it: a run that completed after an error edge caught a
 * failure "completed with errors" — it did what the workflow says, but not the happy
 * path — and is never shown as plain green. The engine's status stays `completed`; the
 * outcome is derived from its steps, in one place, for the CLI and the editor alike.
 */
import type { RunStatus } from './events';
import type { StepView } from './runs';

export type RunOutcome = RunStatus | 'completed_with_errors';

/** Steps that failed and were handled: the run left them by their error edge. */
export function handledFailures(steps: readonly Pick<StepView, 'status' | 'port'>[]): number {
  return steps.filter((s) => s.status === 'failed' && s.port === 'error').length;
}

export function runOutcome(run: { status: RunStatus; handledErrors?: number }): RunOutcome {
  return run.status === 'completed' && (run.handledErrors ?? 0) > 0 ? 'completed_with_errors' : run.status;
}

export const OUTCOME_LABEL: Record<RunOutcome, string> = {
  running: 'Running',
  waiting: 'Waiting',
  paused: 'Paused',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
