/**
 * What the run handlers share: the runtime they call, the supervisor that tracks the runs
 * they start, and the checks every handler makes first.
 */
import type { RunRecord } from '../../engine/store';
import { ApiError } from '../errors';
import type { Runtime } from '../runtime';
import type { RunSupervisor } from './supervisor';

export interface RunsContext {
  runtime: Runtime;
  supervisor: RunSupervisor;
  /** Recorded as the trigger of runs started through the API. */
  trigger: string;
  /** Throws while the service is closing. */
  checkOpen(): void;
  /** The run, or a `not_found` error naming it. */
  mustGetRun(runId: string): RunRecord;
}

/** The context over `runtime`; `isClosed` tells whether the service is shutting down. */
export function runsContext(
  runtime: Runtime,
  supervisor: RunSupervisor,
  trigger: string,
  isClosed: () => boolean,
): RunsContext {
  return {
    runtime,
    supervisor,
    trigger,
    checkOpen() {
      if (isClosed()) throw new ApiError('internal', 'the backend is shutting down');
    },
    mustGetRun(runId) {
      const run = runtime.store.getRun(runId);
      if (!run) throw new ApiError('not_found', `there is no run "${runId}"`);
      return run;
    },
  };
}
