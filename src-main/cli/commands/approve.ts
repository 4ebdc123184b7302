import os from 'node:os';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { parseInputArg } from '../io';
import { openSession, reportOutcome } from '../session';
import { applyTimeouts } from './timeouts';

/** `waymark approve <runId>`: decide the run's pending approval and continue the run. */
export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description("approve (or reject) a run's pending approval gate, then continue the run")
    .argument('<runId>')
    .option('--reject', 'reject instead of approve')
    .option('--as <name>', 'who decides (default: your user name)')
    .option('--comment <text>', 'a comment recorded with the decision')
    .option('--payload <json|file>', 'approve an edited payload instead of the requested one')
    .option('--approval <id>', 'which approval, when the run has several pending')
    .action(
      async (
        runId: string,
        o: { reject?: boolean; as?: string; comment?: string; payload?: string; approval?: string },
        cmd: Command,
      ) => {
        if (o.reject && o.payload !== undefined)
          throw new CliError('--payload edits what is approved; it cannot be combined with --reject', EXIT.invalid);
        const payload = o.payload !== undefined ? parseInputArg(o.payload, '--payload') : undefined;
        const s = openSession(cmd, true);
        try {
          // An approval whose timer ran out is decided by its timeout, not by a late approver.
          applyTimeouts(s);
          const run = s.runtime.store.getRun(runId);
          if (!run)
            throw new CliError(`there is no run "${runId}" in ${s.opts.db ?? 'the default database'}`, EXIT.conflict);
          const all = s.runtime.store.listApprovals({ runId });
          const pending = all.filter((a) => a.status === 'pending' && (!o.approval || a.id === o.approval));
          if (pending.length === 0) {
            const last = all.filter((a) => !o.approval || a.id === o.approval).at(-1);
            throw new CliError(
              last
                ? `approval ${last.id} of run ${runId} was already ${last.status} by ${last.decidedBy ?? '?'}${last.decidedAt ? ` at ${new Date(last.decidedAt).toISOString()}` : ''}`
                : `run ${runId} has no pending approval (status: ${run.status})`,
              EXIT.conflict,
            );
          }
          if (pending.length > 1)
            throw new CliError(
              `run ${runId} has ${pending.length} pending approvals; choose one with --approval (${pending.map((a) => a.id).join(', ')})`,
              EXIT.invalid,
            );
          const approval = pending[0] as (typeof pending)[number];
          const by = o.as ?? (process.env.USER || os.userInfo().username || 'cli');
          const outcome = await s.runtime.engine.decide({
            approvalId: approval.id,
            decision: o.reject ? 'rejected' : 'approved',
            by,
            ...(o.comment ? { comment: o.comment } : {}),
            ...(payload !== undefined ? { payload } : {}),
          });
          process.exitCode = reportOutcome(s, outcome);
        } finally {
          s.runtime.close();
        }
      },
    );
}
