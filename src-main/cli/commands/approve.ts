import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { osAccount } from '../../host/os-account';
import { parseInputArg } from '../io';
import { ApprovalConflictError } from '../../engine/errors';
import { RunOwnedError } from '../../engine/lease';
import type { RunRecord } from '../../engine/store';
import { current, openSession, reportOutcome, type Session } from '../session';
import { applyTimeouts } from './timeouts';

const db = (s: Session) => (s.opts.db ? ` --db ${s.opts.db}` : '');

/** Whether a run is stuck after its approval was decided: not ended, no pending approval, nobody driving it. */
function stalledAfterDecision(s: Session, run: RunRecord): boolean {
  if (run.status !== 'waiting' && run.status !== 'running') return false;
  return !s.runtime.engine.drivenElsewhere(run);
}

/** Where a decided run is now, for the end of a "was already decided" message. */
function whereNow(s: Session, run: RunRecord): string {
  const owner = s.runtime.engine.drivenElsewhere(run);
  if (owner) return `; the run is continuing in ${owner.owner.label}`;
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled')
    return `; the run has since ${run.status} (see \`waymark show ${run.id}${db(s)}\`)`;
  return `; continue the run with \`waymark resume ${run.id}${db(s)}\``;
}

/** `waymark approve <runId>`: decide the run's pending approval and continue the run. */
export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description("approve (or reject) a run's pending approval gate, then continue the run")
    .argument('<runId>')
    .option('--reject', 'reject instead of approve')
    .option('--as <name>', 'your display name, recorded beside your OS account (default: the account name)')
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
        current.runId = runId;
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
            if (!last)
              throw new CliError(`run ${runId} has no pending approval (status: ${run.status})`, EXIT.conflict);
            const decided = `approval ${last.id} of run ${runId} was already ${last.status} by ${last.decidedBy ?? '?'}${last.decidedAt ? ` at ${new Date(last.decidedAt).toISOString()}` : ''}`;
            const stalled = stalledAfterDecision(s, run);
            if (!stalled) throw new CliError(`${decided}${whereNow(s, run)}`, EXIT.conflict);
            // Decided, but the process that decided stopped before continuing the run: continue it.
            s.err(
              `${decided}; the run was not continued since — continuing it now (as \`waymark resume ${runId}\` would)`,
            );
            let resumed;
            try {
              resumed = await s.runtime.engine.resume(runId);
            } catch (e) {
              // The decider was between recording its decision and claiming the run: it won.
              if (e instanceof RunOwnedError)
                throw new CliError(`${decided}; the run is continuing in ${e.lease.owner.label}`, EXIT.conflict);
              throw e;
            }
            process.exitCode = reportOutcome(s, resumed);
            return;
          }
          if (pending.length > 1)
            throw new CliError(
              `run ${runId} has ${pending.length} pending approvals; choose one with --approval (${pending.map((a) => a.id).join(', ')})`,
              EXIT.invalid,
            );
          const approval = pending[0] as (typeof pending)[number];
          const by = o.as ?? osAccount();
          let outcome;
          try {
            outcome = await s.runtime.engine.decide({
              approvalId: approval.id,
              decision: o.reject ? 'rejected' : 'approved',
              by,
              account: osAccount(),
              ...(o.comment ? { comment: o.comment } : {}),
              ...(payload !== undefined ? { payload } : {}),
            });
          } catch (e) {
            // Lost a race to another approver: say who won, and where the run went on.
            if (e instanceof ApprovalConflictError) {
              const after = s.runtime.store.getRun(runId) ?? run;
              throw new CliError(`${e.message}${e.state === 'decided' ? whereNow(s, after) : ''}`, EXIT.conflict);
            }
            throw e;
          }
          process.exitCode = reportOutcome(s, outcome);
        } finally {
          s.runtime.close();
        }
      },
    );
}
