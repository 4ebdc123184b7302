/**
 * The engine inside the backend: one Runtime (engine + SQLite store) per API service, the
 * `runs.*` / `approvals.*` handlers, and the bookkeeping they need.
 *
 * Runs execute in the background: a call returns as soon as its effect is durable (the run
 * created, the decision recorded) and progress reaches every client as `{event}` pushes
 * through the hub. The service remembers which runs it is driving, which is how it tells an
 * interrupted run (status `running` in the database, nobody executing it) from a live one.
 *
 * Closing does not cancel anything: runs in flight stay `running` in the database, exactly
 * as if the process had been killed, and show up as interrupted in the next backend.
 */
import type { EngineEvent } from '../../shared/events';
import type { RunSummary } from '../../shared/runs';
import { loadSpecText } from '../../shared/spec/load';
import { systemRandom } from '../connectors/system';
import type { RunOutcome } from '../engine/runner';
import { watch } from '../engine/inspect';
import { runSingleNode } from '../engine/run-node';
import { verifyAudit } from '../storage/audit-export';
import type { RunRecord } from '../engine/store';
import type { RunHandlers } from './api-types';
import { ApiError } from './errors';
import type { EventHub } from './events';
import { toApprovalViews, toRunDetail, toRunSummary } from './run-views';
import { openRuntime, type Runtime, type RuntimeOptions } from './runtime';

/** How often overdue approval timeouts are applied (they are data, so a late sweep is still correct). */
export const DEFAULT_SWEEP_INTERVAL_MS = 5000;

export interface RunsServiceOptions {
  /** The SQLite database shared with the CLI (`waymark --db`). */
  dbPath: string;
  /** Where engine events and approval notices go. */
  hub: EventHub;
  /** Approval-timeout sweep period; 0 disables the timer (a sweep still runs at start). */
  sweepIntervalMs?: number;
  /** Recorded as the run's trigger. */
  trigger?: string;
  /** Port overrides and secrets for the runtime (tests, embedding). */
  runtime?: Omit<RuntimeOptions, 'dbPath' | 'onEvent'>;
  /** Background failures (a run that crashed the engine, a failed sweep). */
  log: (line: string) => void;
}

export interface RunsService {
  readonly handlers: RunHandlers;
  /** Resolves when no run is executing in this service (tests, graceful shutdown). */
  whenIdle(): Promise<void>;
  /** Stops the sweeper and closes the database; runs in flight are left resumable. */
  close(): void;
}

/** Opens the runtime on `dbPath` and returns the handlers that use it. Throws if the database cannot be opened. */
export function createRunsService(opts: RunsServiceOptions): RunsService {
  const taps = new Set<(e: EngineEvent) => void>();
  const onEvent = (e: EngineEvent): void => {
    for (const tap of [...taps]) tap(e);
    opts.hub.publish(e);
    if (e.type === 'approval.requested')
      opts.hub.notify({ command: 'approval.requested', approvalId: e.approvalId, runId: e.runId, message: e.message });
  };
  const runtime: Runtime = openRuntime({ ...opts.runtime, dbPath: opts.dbPath, onEvent });
  const { engine, store } = runtime;
  /** Runs this service is driving, with the engine call that drives them. */
  const active = new Map<string, Promise<RunOutcome>>();
  let closed = false;

  const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

  /**
   * Calls into the engine and returns once `recorded` resolves (the durable fact the caller
   * waits for), or rejects with the engine's error if the call fails first. Either way the
   * run is tracked as active until the engine call settles.
   */
  async function launch(
    runId: string,
    call: () => Promise<RunOutcome>,
    recorded: (e: EngineEvent) => boolean,
  ): Promise<void> {
    let seen!: () => void;
    let wasSeen = false;
    const seenPromise = new Promise<void>((resolve) => (seen = resolve));
    const tap = (e: EngineEvent): void => {
      if (!wasSeen && recorded(e)) {
        wasSeen = true;
        seen();
      }
    };
    taps.add(tap);
    let p: Promise<RunOutcome>;
    try {
      p = call();
    } catch (e) {
      taps.delete(tap);
      throw e;
    }
    // Failures before the durable point go to the caller, not the log.
    track(runId, p, () => wasSeen);
    try {
      await Promise.race([seenPromise, p]);
    } finally {
      taps.delete(tap);
    }
  }

  /** Marks the run active until `p` settles; failures after the caller got its answer are logged. */
  function track(runId: string, p: Promise<RunOutcome>, answered: () => boolean = () => true): void {
    active.set(runId, p);
    p.then(
      () => undefined,
      // Later failures are the engine's own (a closed database at shutdown, a bug) and have
      // nowhere to go but the log.
      (e: unknown) => {
        if (!closed && answered()) opts.log(`run ${runId} stopped: ${describe(e)}`);
      },
    ).finally(() => {
      if (active.get(runId) === p) active.delete(runId);
    });
  }

  /** Resumes in the background; rejects only if the engine refuses at once (no such run, finished). */
  async function resume(runId: string): Promise<void> {
    if (active.has(runId)) throw new ApiError('conflict', `run ${runId} is already executing`);
    const p = engine.resume(runId);
    let answered = false;
    track(runId, p, () => answered);
    // resume() refuses before its first await or not at all; one macrotask is enough to see a refusal.
    await Promise.race([p, new Promise<void>((r) => setImmediate(r))]);
    answered = true;
  }

  function isInterrupted(run: RunRecord): boolean {
    if (active.has(run.id)) return false;
    if (run.status === 'running') return true;
    // Decided (here or by the CLI) but never continued: the process died in between.
    if (run.status === 'waiting') return !store.listApprovals({ runId: run.id }).some((a) => a.status === 'pending');
    return false;
  }

  const mustGetRun = (runId: string): RunRecord => {
    const run = store.getRun(runId);
    if (!run) throw new ApiError('not_found', `there is no run "${runId}"`);
    return run;
  };
  const checkOpen = (): void => {
    if (closed) throw new ApiError('internal', 'the backend is shutting down');
  };

  let sweeping = false;
  /** Applies overdue approval timeouts, then continues the runs they decided. */
  async function sweep(): Promise<void> {
    if (sweeping || closed) return;
    sweeping = true;
    try {
      for (const r of await engine.processTimeouts()) {
        if (r.action === 'escalated' || active.has(r.runId)) continue;
        await resume(r.runId).catch((e: unknown) =>
          opts.log(`approval timeout of ${r.approvalId}: run ${r.runId} not continued: ${describe(e)}`),
        );
      }
    } catch (e) {
      if (!closed) opts.log(`approval timeout sweep failed: ${describe(e)}`);
    } finally {
      sweeping = false;
    }
  }
  const interval = opts.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(() => void sweep(), interval) : undefined;
  timer?.unref(); // never what keeps a CLI or test process alive
  void sweep();

  const handlers: RunHandlers = {
    'runs.start': async ({ text, input, simulate, breakpoints }) => {
      checkOpen();
      const loaded = loadSpecText(text);
      if (!loaded.spec || !loaded.ok) {
        const errors = loaded.problems.filter((p) => p.severity === 'error').length;
        throw new ApiError('invalid_spec', `the spec has ${errors} error(s); fix them before running`, loaded.problems);
      }
      const spec = loaded.spec;
      // Our own id, so the call can answer as soon as the run exists rather than when it ends.
      const runId = systemRandom.id('run');
      if (breakpoints) engine.setBreakpoints(runId, breakpoints);
      await launch(
        runId,
        () => engine.start(spec, input, { runId, simulate, trigger: opts.trigger ?? 'editor' }),
        (e) => e.type === 'run.started' && e.runId === runId,
      );
      return { runId };
    },
    'runs.list': async ({ status, specId, limit, offset }) => {
      checkOpen();
      const runs = store.listRuns({ ...(status ? { status } : {}), ...(specId ? { specId } : {}), limit, offset });
      return runs.map((r) => toRunSummary(r, isInterrupted(r)));
    },
    'runs.interrupted': async () => {
      checkOpen();
      const candidates = [...store.listRuns({ status: 'running' }), ...store.listRuns({ status: 'waiting' })];
      const out: RunSummary[] = candidates.filter(isInterrupted).map((r) => toRunSummary(r, true));
      return out.sort((a, b) => b.createdAt - a.createdAt);
    },
    'runs.get': async ({ runId }) => {
      checkOpen();
      const run = mustGetRun(runId);
      return toRunDetail(run, isInterrupted(run), store.getSteps(runId), store.listApprovals({ runId }));
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
      await resume(runId);
      return { runId };
    },
    'runs.cancel': async ({ runId }) => {
      checkOpen();
      mustGetRun(runId);
      return { cancelled: engine.cancel(runId) };
    },
    'runs.fork': async ({ runId, fromStep, edits }) => {
      checkOpen();
      mustGetRun(runId);
      const forkId = systemRandom.id('run');
      await launch(
        forkId,
        () => engine.fork(runId, { fromStep, runId: forkId, ...(edits ? { edits } : {}) }),
        (e) => e.type === 'run.started' && e.runId === forkId,
      );
      return { runId: forkId };
    },
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
      if (active.has(runId)) throw new ApiError('conflict', `run ${runId} is already executing`);
      await launch(
        runId,
        () => engine.continue(runId),
        (e) => e.type === 'run.resumed' && e.runId === runId,
      );
      return { runId };
    },
    'runs.step': async ({ runId }) => {
      checkOpen();
      if (active.has(runId)) throw new ApiError('conflict', `run ${runId} is already executing`);
      await launch(
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
      return watch(store, runId, stepIdx, expressions);
    },
    'runs.runNode': async ({ text, nodeId, scope, simulate }) => {
      const loaded = loadSpecText(text);
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
      return { status: 'wait', output: o.approval.payload, events: r.events };
    },
    'audit.list': async ({ runId, afterSeq, limit, kinds }) => {
      checkOpen();
      const wanted = kinds?.length ? new Set(kinds) : undefined;
      // Filtering by kind after paging keeps the chain's order; a page may come back short.
      return store
        .listAudit({ ...(runId ? { runId } : {}), afterSeq, limit })
        .filter((e) => !wanted || wanted.has(e.kind));
    },
    'audit.verify': async () => {
      checkOpen();
      const r = verifyAudit(store.audit);
      return r.ok
        ? { ok: true, entries: r.entries, head: r.head }
        : {
            ok: false,
            entries: r.entries,
            problem: { seq: r.problem.seq, kind: r.problem.kind, message: r.problem.message },
          };
    },
    'approvals.list': async ({ status, runId }) => {
      checkOpen();
      return toApprovalViews(
        store,
        store.listApprovals({ ...(status ? { status } : {}), ...(runId ? { runId } : {}) }),
      );
    },
    'approvals.decide': async ({ approvalId, decision, by, comment, payload }) => {
      checkOpen();
      const approval = store.getApproval(approvalId);
      if (!approval) throw new ApiError('not_found', `there is no approval "${approvalId}"`);
      const d = {
        approvalId,
        decision,
        by,
        ...(comment !== undefined ? { comment } : {}),
        ...(payload !== undefined ? { payload } : {}),
      };
      // Answer once `approval.resolved` is committed (durably); the run continues behind it.
      await launch(
        approval.runId,
        () => engine.decide(d),
        (e) => e.type === 'approval.resolved' && e.approvalId === approvalId,
      );
      return { ok: true };
    },
  };

  return {
    handlers,
    async whenIdle() {
      while (active.size) await Promise.allSettled([...active.values()]);
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      runtime.close();
    },
  };
}
