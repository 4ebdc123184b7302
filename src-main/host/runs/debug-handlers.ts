/**
 * Handlers of the debugger: breakpoints, pause, continue, single step, editing a paused
 * run's state, watch expressions, and running one node on its own.
 */
import { loadSpecText } from '../../../shared/spec/load';
import { watch } from '../../engine/inspect';
import { runSingleNode } from '../../engine/run-node';
import type { RunHandlers } from '../api-types';
import { ApiError } from '../errors';
import type { RunsContext } from './context';

type DebugMethod =
  | 'runs.setBreakpoints'
  | 'runs.pause'
  | 'runs.continue'
  | 'runs.step'
  | 'runs.editState'
  | 'runs.watch'
  | 'runs.runNode';

/** The debugger handlers over `ctx`. */
export function debugHandlers(ctx: RunsContext): Pick<RunHandlers, DebugMethod> {
  const { runtime, supervisor, checkOpen, mustGetRun } = ctx;
  const { engine, store } = runtime;
  return {
    'runs.setBreakpoints': async ({ runId, breakpoints }) => {
      checkOpen();
      engine.setBreakpoints(runId, breakpoints);
      return { ok: true };
    },
    'runs.pause': async ({ runId }) => {
      checkOpen();
      mustGetRun(runId);
      return { paused: engine.pause(runId) };
    },
    'runs.continue': async ({ runId }) => {
      checkOpen();
      await supervisor.launch(
        runId,
        () => engine.continue(runId),
        (e) => e.type === 'run.resumed' && e.runId === runId,
      );
      return { runId };
    },
    'runs.step': async ({ runId }) => {
      checkOpen();
      await supervisor.launch(
        runId,
        () => engine.step(runId),
        (e) => e.type === 'run.resumed' && e.runId === runId,
      );
      return { runId };
    },
    'runs.editState': async ({ runId, nodeId, output, by }) => {
      checkOpen();
      mustGetRun(runId);
      engine.editState(runId, nodeId, output, by);
      return { ok: true };
    },
    'runs.watch': async ({ runId, stepIdx, expressions }) => {
      checkOpen();
      mustGetRun(runId);
      return watch(store, runId, stepIdx, expressions, runtime.deps.sandbox);
    },
    'runs.runNode': async ({ text, nodeId, scope, simulate }) => {
      const loaded = loadSpecText(text, runtime.deps.registry);
      if (!loaded.spec || !loaded.ok)
        throw new ApiError('invalid_spec', 'the spec has errors; fix them before running a node', loaded.problems);
      const r = await runSingleNode(
        runtime.deps,
        loaded.spec,
        nodeId,
        { input: scope.input, nodes: scope.nodes, prev: scope.prev },
        { simulate },
      );
      const o = r.outcome;
      if (o.kind === 'done')
        return { status: 'done', output: o.output, port: o.port, simulated: o.simulated, events: r.events };
      if (o.kind === 'failed') return { status: 'failed', error: o.error, events: r.events };
      return {
        status: 'wait',
        output: 'approval' in o ? o.approval.payload : (o.wait.detail ?? null),
        events: r.events,
      };
    },
  };
}
