import type { Command } from 'commander';
import type { TimeoutReport } from '../../engine/contracts';
import type { TimeoutResult } from '../../engine/policy/timeouts';
import { openSession, type Session } from '../session';

/** One line per applied timeout. */
export function describeTimeout(r: TimeoutResult): string {
  switch (r.action) {
    case 'escalated':
      return `⏱ ${r.approvalId} (${r.runId}, ${r.nodeId}) timed out: escalated to ${(r.to ?? []).join(', ')} as ${r.escalationId}`;
    case 'rejected':
      return `⏱ ${r.approvalId} (${r.runId}, ${r.nodeId}) timed out: rejected`;
    case 'branched':
      return `⏱ ${r.approvalId} (${r.runId}, ${r.nodeId}) timed out: takes branch "${r.branch}"`;
    default: {
      const never: never = r.action;
      return never;
    }
  }
}

/**
 * Applies overdue approval timeouts before a command reads or decides runs, so what it
 * shows is what the timers say (the timers are data; see engine/policy/timeouts.ts).
 */
export function applyTimeouts(s: Session): void {
  if (s.runtime.store.readOnly) {
    // Reading a read-only database: show what is stored, and say the timers could not be applied.
    const overdue = s.runtime.store
      .listApprovals({ status: 'pending' })
      .filter((a) => (a.timeoutAt ?? Infinity) <= Date.now());
    if (overdue.length && !s.opts.quiet)
      s.err(`warning: ${overdue.length} overdue approval timeout(s) not applied: the database cannot be written`);
    return;
  }
  for (const r of s.runtime.engine.applyTimeouts()) if (!s.opts.quiet) s.err(describeTimeout(r));
}

function report(s: Session, results: TimeoutReport[]): void {
  if (s.opts.json) {
    s.out(JSON.stringify(results, null, 2));
    return;
  }
  if (!results.length) s.err('no approval is overdue');
  for (const r of results) {
    s.out(describeTimeout(r));
    if (r.outcome)
      s.out(
        `  run ${r.runId} continued: ${r.outcome.status}${r.outcome.approvalId ? ` (waiting for ${r.outcome.approvalId})` : ''}`,
      );
    if (r.error) s.out(`  run ${r.runId} could not continue: ${r.error}`);
  }
}

/** `waymark timeouts`: apply every overdue approval timeout now and continue the runs they decide. */
export function registerTimeouts(program: Command): void {
  program
    .command('timeouts')
    .description('apply overdue approval timeouts (reject, escalate, branch) and continue the runs they decide')
    .option('--no-continue', 'only record the timeout decisions; continue the runs later with `waymark resume`')
    .action(async (o: { continue: boolean }, cmd: Command) => {
      const s = openSession(cmd, true);
      try {
        const results = await s.runtime.engine.processTimeouts({ continueRuns: o.continue });
        report(s, results);
        // A continued run that failed is worth a non-zero exit for scripts; waiting is normal here.
        const failed = results.some((r) => r.error !== undefined || r.outcome?.status === 'failed');
        process.exitCode = failed ? 1 : 0;
      } finally {
        s.runtime.close();
      }
    });
}
