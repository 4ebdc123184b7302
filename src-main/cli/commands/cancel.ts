import os from 'node:os';
import type { Command } from 'commander';
import { describeLease } from '../../engine/lease';
import { CliError, EXIT } from '../exit-codes';
import { current, openSession, type Session } from '../session';

/** How often a waiting `cancel` looks whether the run's owner has stopped it. */
const POLL_MS = 200;

/**
 * Waits until a run driven elsewhere has honoured a cancellation request (its owner stops it
 * at its next step boundary), or its owner vanished — then it is cancelled here. Returns
 * whether the run ended cancelled within `waitMs`.
 */
async function awaitOwner(s: Session, runId: string, by: string, waitMs: number): Promise<boolean> {
  const { engine, store } = s.runtime;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const run = store.getRun(runId);
    if (!run) throw new CliError(`run ${runId} disappeared`, EXIT.conflict);
    if (run.status === 'cancelled') return true;
    if (run.status === 'completed' || run.status === 'failed')
      throw new CliError(
        `run ${runId} ${run.status} before its owner reached a step boundary to cancel it`,
        EXIT.conflict,
      );
    // The owner stopped without honouring it (it died, or paused): nobody drives it now.
    if (!engine.drivenElsewhere(run)) {
      engine.cancelRun(runId, by);
      return true;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** `waymark cancel <runId>`: cancel a run in any state that has not ended. */
export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel a run that has not ended: waiting, paused, interrupted, or running (here or elsewhere)')
    .argument('<runId>')
    .option('--as <name>', 'who cancels (default: your user name)')
    .option('--wait <seconds>', 'how long to wait for a run driven by another process to stop (0: do not wait)', '30')
    .action(async (runId: string, o: { as?: string; wait: string }, cmd: Command) => {
      const waitS = Number(o.wait);
      if (!Number.isFinite(waitS) || waitS < 0)
        throw new CliError('--wait must be a number of seconds (0 or more)', EXIT.invalid);
      current.runId = runId;
      const s = openSession(cmd, true);
      try {
        const by = o.as ?? (process.env.USER || os.userInfo().username || 'cli');
        const before = s.runtime.store.getRun(runId);
        if (!before) throw new CliError(`there is no run "${runId}"`, EXIT.conflict);
        const r = s.runtime.engine.cancelRun(runId, by);
        if (r.cancelled) {
          s.err(`■ cancelled run ${runId} (it was ${before.status === 'running' ? 'interrupted' : before.status})`);
          return;
        }
        s.err(
          `… run ${runId} is being driven by ${describeLease(r.drivenBy, Date.now())}; asked it to stop at its next step`,
        );
        if (waitS > 0 && (await awaitOwner(s, runId, by, waitS * 1000))) {
          s.err(`■ cancelled run ${runId}`);
          return;
        }
        throw new CliError(
          `cancellation of run ${runId} requested; it is still being driven by ${r.drivenBy.owner.label}, which stops it at its next step boundary`,
          EXIT.busy,
        );
      } finally {
        s.runtime.close();
      }
    });
}
