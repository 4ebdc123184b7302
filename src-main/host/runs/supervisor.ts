/**
 * Supervision of the runs a backend drives: every engine call that executes a run goes
 * through here, so the backend knows which runs it is executing (an interrupted run is one
 * the database calls `running` that nobody here executes), answers a caller once the
 * durable fact it waits for is committed (the run created, the decision recorded), and logs
 * failures that happen after the caller got its answer.
 *
 * The seams for run ownership are {@link RunSupervisor.launch} and
 * {@link RunSupervisor.resume} (a run is claimed when its engine call starts) and `track`'s
 * settle handler (released when it ends).
 *
 * A drive publishes its last event (`run.paused`, `run.waiting`, `run.finished`) a moment
 * before its engine call settles. A call that drives the run again in between (a client
 * continuing the instant it hears the pause) waits for that drive to unwind; only a run whose
 * drive is still executing is refused as `conflict`.
 */
import type { EngineEvent } from '../../../shared/events';
import type { Engine } from '../../engine/engine';
import type { RunOutcome } from '../../engine/contracts';
import type { CheckpointStore, RunRecord } from '../../engine/store';
import { ApiError } from '../errors';

/** The events a drive ends with: once one is committed the drive only unwinds. */
const DRIVE_ENDS: ReadonlySet<EngineEvent['type']> = new Set(['run.paused', 'run.waiting', 'run.finished']);

const ignore = (): void => undefined;

/** An error's message, for log lines. */
export const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** See the module comment. */
export class RunSupervisor {
  /** Runs this backend is driving, with the engine call that drives them. */
  private readonly active = new Map<string, Promise<RunOutcome>>();
  /** Active runs whose drive has committed its last event and is unwinding. */
  private readonly ending = new Set<string>();
  /** Listeners of committed events, while a `launch` waits for its durable fact. */
  private readonly taps = new Set<(e: EngineEvent) => void>();
  private closed = false;
  /**
   * Secret paths of the webhook waits runs driven here began (`RunOutcome.hookPath`), by wait
   * id: only their hash is stored, so this process's memory is the one place the editor can
   * read them from (`runs.waits`), until it restarts.
   */
  readonly hookPaths = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly store: CheckpointStore,
    private readonly log: (line: string) => void,
    /** Told when a run stops on an error after its caller got its answer (the renderer hears it). */
    private readonly onStopped: (runId: string, error: unknown) => void = () => {},
  ) {}

  /** Feeds a committed engine event to the launches waiting for one (the runtime's `onEvent`). */
  observe(e: EngineEvent): void {
    if (DRIVE_ENDS.has(e.type) && this.active.has(e.runId)) this.ending.add(e.runId);
    for (const tap of [...this.taps]) tap(e);
  }

  /** Whether this backend is executing the run. */
  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Resolves once this backend no longer drives the run: at once when it does not, after the
   * unwinding when its drive has committed its end. Callers go on synchronously after it
   * resolves, so no other call can start a drive in between.
   * @throws ApiError `conflict` when the run's drive is still executing.
   */
  async untilIdle(runId: string): Promise<void> {
    for (let p = this.active.get(runId); p; p = this.active.get(runId)) {
      if (!this.ending.has(runId)) throw new ApiError('conflict', `run ${runId} is already executing`);
      await p.then(ignore, ignore);
      // Its settle handler ran before this continuation: the drive is gone unless another replaced it.
    }
  }

  /**
   * Calls into the engine and returns once `recorded` resolves (the durable fact the caller
   * waits for), or rejects with the engine's error if the call fails first. Either way the
   * run is tracked as active until the engine call settles.
   */
  async launch(runId: string, call: () => Promise<RunOutcome>, recorded: (e: EngineEvent) => boolean): Promise<void> {
    if (this.active.has(runId)) await this.untilIdle(runId);
    let seen!: () => void;
    let wasSeen = false;
    const seenPromise = new Promise<void>((resolve) => (seen = resolve));
    const tap = (e: EngineEvent): void => {
      if (!wasSeen && recorded(e)) {
        wasSeen = true;
        seen();
      }
    };
    this.taps.add(tap);
    let p: Promise<RunOutcome>;
    try {
      p = call();
    } catch (e) {
      this.taps.delete(tap);
      throw e;
    }
    // Failures before the durable point go to the caller, not the log.
    this.track(runId, p, () => wasSeen);
    try {
      await Promise.race([seenPromise, p]);
    } finally {
      this.taps.delete(tap);
    }
  }

  /** Resumes in the background; rejects only if the engine refuses at once (no such run, finished). */
  async resume(runId: string): Promise<void> {
    if (this.active.has(runId)) await this.untilIdle(runId);
    const p = this.engine.resume(runId);
    let answered = false;
    this.track(runId, p, () => answered);
    // resume() refuses before its first await or not at all; one macrotask is enough to see a refusal.
    await Promise.race([p, new Promise<void>((r) => setImmediate(r))]);
    answered = true;
  }

  /**
   * Whether a run was left mid-flight: not ended, nobody holding a live lease on it (not this
   * backend, not a CLI driving it on the same database), and either `running` or waiting on an
   * approval that was decided (here or by the CLI) but never continued. "Interrupted" means
   * exactly "its lease expired, or its owner process is gone".
   */
  isInterrupted(run: RunRecord): boolean {
    if (this.active.has(run.id) || this.engine.drivenElsewhere(run)) return false;
    if (run.status === 'running') return true;
    // Waiting on a human: interrupted when the decision was made (here or by the CLI) but the
    // run never continued. A timed wait is continued by the sweeper when it comes due.
    if (run.status === 'waiting') {
      if (this.store.listApprovals({ runId: run.id }).some((a) => a.status === 'pending')) return false;
      const last = this.store.getSteps(run.id).at(-1);
      return !(last?.status === 'waiting' && last.wait?.until !== undefined);
    }
    return false;
  }

  /** Who else drives the run now (the label of its live lease), if another process does. */
  drivenBy(run: RunRecord): string | undefined {
    return this.active.has(run.id) ? undefined : this.engine.drivenElsewhere(run)?.owner.label;
  }

  /** Resolves when no run is executing here. */
  async whenIdle(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active.values()]);
  }

  /** From now on failures are not logged (the database is closing under the runs in flight). */
  close(): void {
    this.closed = true;
  }

  /** Marks the run active until `p` settles; failures after the caller got its answer are logged. */
  private track(runId: string, p: Promise<RunOutcome>, answered: () => boolean): void {
    this.active.set(runId, p);
    this.ending.delete(runId);
    p.then(
      (o) => {
        if (o.hookPath && o.wait?.waitId) this.hookPaths.set(o.wait.waitId, o.hookPath);
      },
      // Later failures are the engine's own (a full disk, a closed database at shutdown, a
      // bug): logged, and reported to whoever listens (the renderer, as a notice).
      (e: unknown) => {
        if (this.closed || !answered()) return;
        this.log(`run ${runId} stopped: ${describeError(e)}`);
        this.onStopped(runId, e);
      },
    ).finally(() => {
      if (this.active.get(runId) !== p) return;
      this.active.delete(runId);
      this.ending.delete(runId);
    });
  }
}
