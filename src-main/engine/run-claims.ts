/**
 * Which runs execute in this process. A run is claimed before anything of it executes and
 * released however its drive ends; a second drive of a claimed run is refused, and a claimed
 * run can be cancelled through the signal its drive watches.
 *
 * This is the seam for run ownership across processes: a lease is taken in `claim`,
 * renewed while the drive commits, and given up in `release`.
 */
import { RunStateError } from './errors';

export class RunClaims {
  /** Claimed runs, each with the controller that cancels its drive. */
  private readonly active = new Map<string, AbortController>();

  /** Whether the run is claimed (executing) here. */
  has(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Claims a run; returns the signal that aborts when it is cancelled.
   * @throws RunStateError when the run is already executing in this process.
   */
  claim(runId: string): AbortSignal {
    if (this.active.has(runId)) throw new RunStateError(`run ${runId} is already executing in this process`);
    const ac = new AbortController();
    this.active.set(runId, ac);
    return ac.signal;
  }

  /** Gives up a claim. */
  release(runId: string): void {
    this.active.delete(runId);
  }

  /** Aborts a claimed run's drive; false when the run is not executing here. */
  cancel(runId: string): boolean {
    const ac = this.active.get(runId);
    if (!ac) return false;
    ac.abort(new RunStateError(`run ${runId} was cancelled`));
    return true;
  }
}
