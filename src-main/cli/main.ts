/**
 * `waymark`: the headless command line. Same engine, same checkpoints, same policies as the
 * desktop app. Exit codes are in exit-codes.ts (and README.md).
 */
import { Command, CommanderError } from 'commander';
import { registerApprove } from './commands/approve';
import { registerCancel } from './commands/cancel';
import { registerFork } from './commands/fork';
import { registerPolicy } from './commands/policy';
import { registerAudit } from './commands/audit';
import { registerRun } from './commands/run';
import { registerRuns } from './commands/runs';
import { registerServeCommand } from './commands/serve';
import { registerShow } from './commands/show';
import { registerTimeouts } from './commands/timeouts';
import { registerValidate } from './commands/validate';
import { EXIT } from './exit-codes';
import { describeFailure } from './failures';
import { current } from './session';

const program = new Command('waymark')
  .description('Design, run and govern AI-agent workflows. Runs are checkpointed to SQLite and resumable.')
  .version('0.1.0')
  .option('--db <path>', 'SQLite database for runs (default: $WAYMARK_DB or ./.waymark/waymark.db)')
  .option('--secrets-file <path>', 'secrets as JSON or KEY=VALUE lines (wins over environment variables)')
  .option('--json', 'machine-readable output on stdout')
  .option('-q, --quiet', 'no progress lines')
  .showHelpAfterError()
  .exitOverride();

registerValidate(program);
registerRun(program);
registerRuns(program);
registerShow(program);
registerApprove(program);
registerCancel(program);
registerFork(program);
registerPolicy(program);
registerTimeouts(program);
registerServeCommand(program);
registerAudit(program);
program.addHelpText(
  'after',
  `
Exit codes: 0 completed/valid · 1 run failed · 2 invalid spec, input or usage · 3 waiting for approval
            4 no such run / approval already decided · 5 cancelled · 6 storage (disk full, read-only, damaged…)
            7 run driven by another process · 8 run id exists · 70 internal error · 130 interrupted (resumable)`,
);

// `waymark runs | head` closes stdout early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  } else {
    const f = describeFailure(e, current);
    for (const line of f.details ?? []) process.stderr.write(`${line}\n`);
    process.stderr.write(`waymark: ${f.message}\n`);
    process.exitCode = f.code;
  }
}
