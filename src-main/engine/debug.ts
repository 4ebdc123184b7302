/**
 * Debugger state for runs executing in this engine: breakpoints before/after nodes, single
 * stepping and pause requests. Pausing itself is durable (the run's status becomes `paused`
 * at a step boundary, so a paused run survives a restart and `resume` continues it); the
 * breakpoints are a debugging session's, held in memory.
 */
export interface Breakpoints {
  /** Pause before these nodes run. */
  before?: readonly string[];
  /** Pause right after these nodes complete (before the next node). */
  after?: readonly string[];
}

export type PauseReason = 'breakpoint' | 'step' | 'pause';

export class DebugSessions {
  private readonly before = new Map<string, Set<string>>();
  private readonly after = new Map<string, Set<string>>();
  /** Runs that pause before their next node: single stepping, after-breakpoints, pause requests. */
  private readonly pauseNext = new Map<string, PauseReason>();

  setBreakpoints(runId: string, bps: Breakpoints): void {
    this.before.set(runId, new Set(bps.before ?? []));
    this.after.set(runId, new Set(bps.after ?? []));
  }

  breakpoints(runId: string): { before: string[]; after: string[] } {
    return { before: [...(this.before.get(runId) ?? [])], after: [...(this.after.get(runId) ?? [])] };
  }

  /** Asks an executing run to pause at its next step boundary. */
  requestPause(runId: string): void {
    this.pauseNext.set(runId, 'pause');
  }

  /** Run exactly one more node, then pause. */
  stepOnce(runId: string): void {
    this.pauseNext.set(runId, 'step');
  }

  /** Called before a node runs; `resuming` skips the check for the node a pause stopped at. */
  pauseBefore(runId: string, nodeId: string, resuming: boolean): PauseReason | undefined {
    if (resuming) return undefined;
    const pending = this.pauseNext.get(runId);
    if (pending) {
      this.pauseNext.delete(runId);
      return pending;
    }
    return this.before.get(runId)?.has(nodeId) ? 'breakpoint' : undefined;
  }

  /** Called after a node completed: an after-breakpoint pauses before whatever comes next. */
  completed(runId: string, nodeId: string): void {
    if (this.after.get(runId)?.has(nodeId) && !this.pauseNext.has(runId)) this.pauseNext.set(runId, 'breakpoint');
  }

  /** Forgets a run's session (it ended). */
  clear(runId: string): void {
    this.before.delete(runId);
    this.after.delete(runId);
    this.pauseNext.delete(runId);
  }
}
