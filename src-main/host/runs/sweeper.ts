/**
 * The sweeper (a host's waker): on an interval (and once at start) applies overdue approval
 * timeouts and continues the runs they decided, then fires the durable waits that came due
 * (timers, timeouts of signal and webhook waits) and continues their runs.
 * Both are data (every approval stores its `timeoutAt`, every timed wait its `until`), so a
 * late or missed sweep — a backend that was down — is still correct; escalated approvals
 * keep their run waiting.
 */
import type { Engine } from '../../engine/engine';
import { RunStateError } from '../../engine/errors';
import { describeError, type RunSupervisor } from './supervisor';

/** How often overdue approval timeouts are applied (they are data, so a late sweep is still correct). */
export const DEFAULT_SWEEP_INTERVAL_MS = 5000;

export interface Sweeper {
  /** One sweep now (overlapping calls share nothing: a sweep in progress makes the next a no-op). */
  sweep(): Promise<void>;
  /** Stops the timer; a sweep in progress finishes without logging. */
  stop(): void;
}

/** Starts sweeping every `intervalMs` (0: no timer) and sweeps once right away. */
export function startSweeper(
  engine: Engine,
  supervisor: RunSupervisor,
  intervalMs: number,
  log: (line: string) => void,
): Sweeper {
  let sweeping = false;
  let stopped = false;
  async function sweep(): Promise<void> {
    if (sweeping || stopped) return;
    sweeping = true;
    try {
      for (const r of await engine.processTimeouts()) {
        if (r.action === 'escalated' || supervisor.isActive(r.runId)) continue;
        await supervisor
          .resume(r.runId)
          .catch((e: unknown) =>
            log(`approval timeout of ${r.approvalId}: run ${r.runId} not continued: ${describeError(e)}`),
          );
      }
      // Due waits: fired by compare-and-set first, so across every waker on the database
      // exactly one continues each (the others lose the fire, or the run's lease).
      for (const w of engine.dueWaits()) {
        if (stopped) break;
        if (supervisor.isActive(w.runId)) continue;
        try {
          if (w.status === 'pending' && !engine.fireDue(w.waitId)) continue;
        } catch (e) {
          // One wait that cannot be fired (its run changed under us) does not stop the others.
          log(`${w.state} wait of run ${w.runId} is due but could not be fired: ${describeError(e)}`);
          continue;
        }
        await supervisor.resume(w.runId).catch((e: unknown) => {
          // Another process took the run first (RunOwnedError is one), or already continued it to its end.
          if (e instanceof RunStateError) return;
          log(`${w.state} wait of run ${w.runId} is due but not continued: ${describeError(e)}`);
        });
      }
    } catch (e) {
      if (!stopped) log(`approval timeout sweep failed: ${describeError(e)}`);
    } finally {
      sweeping = false;
    }
  }
  const timer = intervalMs > 0 ? setInterval(() => void sweep(), intervalMs) : undefined;
  timer?.unref(); // never what keeps a CLI or test process alive
  void sweep();
  return {
    sweep,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
