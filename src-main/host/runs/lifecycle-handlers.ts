/**
 * Handlers of a run's life through the API: start, fork, resume, cancel, and the reads of
 * runs and their events. Runs execute in the background (see supervisor.ts): a call answers
 * as soon as its effect is durable, and progress reaches clients as event pushes.
 */
import os from 'node:os';
import { handledFailures } from '../../../shared/run-outcome';
import type { RunSummary } from '../../../shared/runs';
import { loadSpecText } from '../../../shared/spec/load';
import { systemRandom } from '../../connectors/system';
import type { RunHandlers } from '../api-types';
import { ApiError } from '../errors';
import type { RunsContext } from './context';
import { toRunDetail, toRunSummary } from './views';

/** Who cancels when the caller does not say: the account the backend runs as. */
function osUser(): string {
  try {
    return os.userInfo().username || 'editor';
  } catch {
    return 'editor';
  }
}

type LifecycleMethod =
  | 'runs.start'
  | 'runs.list'
  | 'runs.interrupted'
  | 'runs.get'
  | 'runs.events'
  | 'runs.resume'
  | 'runs.cancel'
  | 'runs.fork';

/** The lifecycle handlers over `ctx`. */
export function lifecycleHandlers(ctx: RunsContext): Pick<RunHandlers, LifecycleMethod> {
  const { runtime, supervisor, checkOpen, mustGetRun } = ctx;
  const { engine, store } = runtime;
  return {
    'runs.start': async ({ text, input, simulate, breakpoints }) => {
      checkOpen();
      const loaded = loadSpecText(text, runtime.deps.registry);
      if (!loaded.spec || !loaded.ok) {
        const errors = loaded.problems.filter((p) => p.severity === 'error').length;
        throw new ApiError('invalid_spec', `the spec has ${errors} error(s); fix them before running`, loaded.problems);
      }
      const spec = loaded.spec;
      // Our own id, so the call can answer as soon as the run exists rather than when it ends.
      const runId = systemRandom.id('run');
      if (breakpoints) engine.setBreakpoints(runId, breakpoints);
      await supervisor.launch(
        runId,
        () => engine.start(spec, input, { runId, simulate, trigger: ctx.trigger }),
        (e) => e.type === 'run.started' && e.runId === runId,
      );
      return { runId };
    },
    'runs.list': async ({ status, specId, limit, offset }) => {
      checkOpen();
      const runs = store.listRuns({ ...(status ? { status } : {}), ...(specId ? { specId } : {}), limit, offset });
      // Only a completed run can be "completed with errors": its steps say whether one was caught.
      return runs.map((r) =>
        toRunSummary(
          r,
          supervisor.isInterrupted(r),
          r.status === 'completed' ? handledFailures(store.getSteps(r.id)) : 0,
          supervisor.drivenBy(r),
        ),
      );
    },
    'runs.interrupted': async () => {
      checkOpen();
      const candidates = [...store.listRuns({ status: 'running' }), ...store.listRuns({ status: 'waiting' })];
      const out: RunSummary[] = candidates.filter((r) => supervisor.isInterrupted(r)).map((r) => toRunSummary(r, true));
      return out.sort((a, b) => b.createdAt - a.createdAt);
    },
    'runs.get': async ({ runId }) => {
      checkOpen();
      const run = mustGetRun(runId);
      const steps = store.getSteps(runId);
      const approvals = store.listApprovals({ runId });
      return toRunDetail(run, supervisor.isInterrupted(run), steps, approvals, supervisor.drivenBy(run));
    },
    'runs.events': async ({ runId, afterSeq, limit }) => {
      checkOpen();
      const run = mustGetRun(runId);
      // One extra row tells whether another page exists without a count query.
      const rows = store.getEvents(runId, afterSeq, limit + 1);
      const events = rows.slice(0, limit);
      return {
        runId,
        events,
        nextAfterSeq: events.at(-1)?.seq ?? afterSeq,
        hasMore: rows.length > limit,
        total: run.nextSeq,
      };
    },
    'runs.resume': async ({ runId }) => {
      checkOpen();
      mustGetRun(runId);
      await supervisor.resume(runId);
      return { runId };
    },
    'runs.cancel': async ({ runId, by }) => {
      checkOpen();
      const run = mustGetRun(runId);
      if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled')
        return { cancelled: false };
      const r = engine.cancelRun(runId, by ?? osUser());
      return r.cancelled
        ? { cancelled: true }
        : { cancelled: false, requested: true, drivenBy: r.drivenBy.owner.label };
    },
    'runs.fork': async ({ runId, fromStep, edits }) => {
      checkOpen();
      mustGetRun(runId);
      const forkId = systemRandom.id('run');
      await supervisor.launch(
        forkId,
        () => engine.fork(runId, { fromStep, runId: forkId, ...(edits ? { edits } : {}) }),
        (e) => e.type === 'run.started' && e.runId === forkId,
      );
      return { runId: forkId };
    },
  };
}
