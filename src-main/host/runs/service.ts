/**
 * The engine inside the backend: one Runtime (engine + SQLite store) per API service, and
 * the `runs.*` / `approvals.*` / `audit.*` handlers over it. This module composes the parts:
 * supervision of the runs it drives (supervisor.ts), the approval-timeout sweeper
 * (sweeper.ts) and the handler groups (lifecycle, debug, governance).
 *
 * Runs execute in the background: a call returns as soon as its effect is durable (the run
 * created, the decision recorded) and progress reaches every client as `{event}` pushes
 * through the hub.
 *
 * Closing does not cancel anything: runs in flight stay `running` in the database, exactly
 * as if the process had been killed, and show up as interrupted in the next backend.
 */
import type { EngineEvent } from '../../../shared/events';
import type { RunHandlers } from '../api-types';
import { toErrorBody } from '../errors';
import type { EventHub } from '../events';
import { openRuntime, type RuntimeOptions } from '../runtime';
import type { AuditEntry } from '../../storage/audit-chain';
import { runsContext } from './context';
import { costHandlers } from './cost-handlers';
import { debugHandlers } from './debug-handlers';
import { governanceHandlers } from './governance-handlers';
import { lifecycleHandlers } from './lifecycle-handlers';
import { RunSupervisor } from './supervisor';
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from './sweeper';
import { handleHook, waitHandlers, type HookReply } from './wait-handlers';
import type { HookCall } from '../../engine/wake';

export { DEFAULT_SWEEP_INTERVAL_MS } from './sweeper';

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
  /** Appends an audit fact that is no run event (a saved policy edit) to the run database's log. */
  audit(fact: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): AuditEntry;
  /** A call to a webhook wait's URL (`/hooks/{token}`): what to answer the caller. */
  webhook(call: HookCall): Promise<HookReply>;
  /** One waker pass now: due timers and timeouts fired, their runs continued (tests, `waymark worker --once`). */
  sweep(): Promise<void>;
  /** Resolves when no run is executing in this service (tests, graceful shutdown). */
  whenIdle(): Promise<void>;
  /** Stops the sweeper and closes the database; runs in flight are left resumable. */
  close(): void;
}

/** Opens the runtime on `dbPath` and returns the handlers that use it. Throws if the database cannot be opened. */
export function createRunsService(opts: RunsServiceOptions): RunsService {
  // `supervisor` is declared below: no event is committed before a run is started through it.
  const onEvent = (e: EngineEvent): void => {
    supervisor.observe(e);
    opts.hub.publish(e);
    if (e.type === 'approval.requested')
      opts.hub.notify({ command: 'approval.requested', approvalId: e.approvalId, runId: e.runId, message: e.message });
  };
  const runtime = openRuntime({ ownerLabel: 'the Waymark editor', ...opts.runtime, dbPath: opts.dbPath, onEvent });
  const supervisor = new RunSupervisor(runtime.engine, runtime.store, opts.log, (runId, e) => {
    const { code, message } = toErrorBody(e);
    opts.hub.notify({ command: 'run.stopped', runId, code, message });
  });
  let closed = false;
  const ctx = runsContext(runtime, supervisor, opts.trigger ?? 'editor', () => closed);
  const sweeper = startSweeper(runtime.engine, supervisor, opts.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, opts.log);
  return {
    handlers: {
      ...lifecycleHandlers(ctx),
      ...debugHandlers(ctx),
      ...governanceHandlers(ctx),
      ...costHandlers(ctx),
      ...waitHandlers(ctx, opts.log),
    },
    audit: (fact) => runtime.store.appendAudit(fact),
    webhook: (call) => handleHook(ctx, call, opts.log),
    sweep: () => sweeper.sweep(),
    whenIdle: () => supervisor.whenIdle(),
    close() {
      if (closed) return;
      closed = true;
      supervisor.close();
      sweeper.stop();
      runtime.close();
    },
  };
}
